// Random Numbers and an independent exact reference for them (big integers
// scaled by 10^167), shared by the randomized number and key-codec tests.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <random>
#include <string>

#include "model/number.h"

namespace localcloud::dynamodb::model::testing {

using boost::multiprecision::cpp_int;

// The lowest power of ten a Number can use: 38 digits from 10^-130 down.
inline constexpr int kLowestPower = Number::kMinExponent - Number::kMaxDigits + 1;

// The value times 10^-kLowestPower, which is always an integer.
inline cpp_int scaled(const Number& n) {
  if (n.is_zero()) return 0;
  cpp_int value(n.digits());
  const int shift = n.exponent() - static_cast<int>(n.digits().size()) + 1 - kLowestPower;
  value *= boost::multiprecision::pow(cpp_int(10), static_cast<unsigned>(shift));
  return n.is_negative() ? cpp_int(-value) : value;
}

// Random numbers over the whole range, biased towards near neighbours (the
// same exponent, shared leading digits) where orderings and carries get hard.
class NumberGenerator {
 public:
  explicit NumberGenerator(uint32_t seed) : rng_(seed) {}

  Number next() {
    if (pick(0, 40) == 0) return Number();
    const int length = pick(0, 3) == 0 ? pick(1, 3) : pick(1, Number::kMaxDigits);
    const int exponent =
        pick(0, 2) == 0 ? pick(-3, 3) : pick(Number::kMinExponent, Number::kMaxExponent);
    std::string digits;
    for (int i = 0; i < length; ++i) {
      // Mostly 0, 1 and 9 so that long runs and shared prefixes are common.
      const int roll = pick(0, 9);
      digits.push_back(roll < 3   ? '0'
                       : roll < 6 ? '9'
                       : roll < 8 ? '1'
                                  : static_cast<char>('0' + pick(0, 9)));
    }
    digits[0] = static_cast<char>('1' + pick(0, 8));
    if (digits.back() == '0') digits.back() = '5';
    return *Number::from_parts(pick(0, 1) == 1, digits, exponent);
  }

  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }

 private:
  std::mt19937 rng_;
};

}  // namespace localcloud::dynamodb::model::testing
