// Randomized checks of Number against an independent big-integer reference.
#include <gtest/gtest.h>

#include "model/number.h"
#include "random_numbers.h"

namespace localcloud::dynamodb::model {
namespace {

using testing::cpp_int;
using testing::NumberGenerator;
using testing::scaled;

constexpr int kRounds = 20000;

int reference_compare(const Number& a, const Number& b) {
  cpp_int x = scaled(a);
  cpp_int y = scaled(b);
  return x < y ? -1 : x == y ? 0 : 1;
}

int sign_of(std::strong_ordering order) { return order < 0 ? -1 : order == 0 ? 0 : 1; }

// What DynamoDB answers for a sum the reference computed: the normalized
// number, or the error text.
std::string expected_sum(const cpp_int& sum) {
  if (sum == 0) return "0";
  std::string text = (sum < 0 ? cpp_int(-sum) : sum).str();
  const int exponent = static_cast<int>(text.size()) - 1 + testing::kLowestPower;
  text.erase(text.find_last_not_of('0') + 1);
  if (exponent > Number::kMaxExponent || text.size() > static_cast<size_t>(Number::kMaxDigits))
    return "overflow";
  if (exponent < Number::kMinExponent) return "underflow";
  return Number::from_parts(sum < 0, text, exponent)->to_string();
}

std::string actual(const Number& a, const Number& b, bool add) {
  try {
    return (add ? a.add(b) : a.subtract(b)).to_string();
  } catch (const AwsError& e) {
    return e.message().rfind("Number overflow", 0) == 0 ? "overflow" : "underflow";
  }
}

TEST(NumberRandom, OrderMatchesReference) {
  NumberGenerator gen(1);
  for (int i = 0; i < kRounds; ++i) {
    Number a = gen.next();
    Number b = gen.pick(0, 3) == 0 ? a.negated() : gen.next();
    ASSERT_EQ(sign_of(a <=> b), reference_compare(a, b))
        << a.to_string() << " vs " << b.to_string();
    ASSERT_EQ(a == b, reference_compare(a, b) == 0);
  }
}

TEST(NumberRandom, SumsAndDifferencesMatchReference) {
  NumberGenerator gen(2);
  for (int i = 0; i < kRounds; ++i) {
    Number a = gen.next();
    Number b = gen.next();
    if (gen.pick(0, 2) == 0) {
      // A close neighbour of a, so that subtraction cancels most digits.
      std::string digits = a.is_zero() ? "1" : a.digits();
      digits.back() = digits.back() == '9' ? '8' : '9';
      b = *Number::from_parts(a.is_negative(), digits, a.is_zero() ? 0 : a.exponent());
    }
    ASSERT_EQ(actual(a, b, true), expected_sum(scaled(a) + scaled(b)))
        << a.to_string() << " + " << b.to_string();
    ASSERT_EQ(actual(a, b, false), expected_sum(scaled(a) - scaled(b)))
        << a.to_string() << " - " << b.to_string();
  }
}

TEST(NumberRandom, PrintedFormsParseBack) {
  NumberGenerator gen(3);
  for (int i = 0; i < kRounds; ++i) {
    Number a = gen.next();
    ASSERT_EQ(Number::parse(a.to_string()), a) << a.to_string();
    if (a.is_zero()) continue;
    // The same value in scientific notation with a decoration of zeros.
    std::string scientific = std::string(a.is_negative() ? "-" : "+") + "00" +
                             a.digits().substr(0, 1) + "." + a.digits().substr(1) + "000E" +
                             std::to_string(a.exponent());
    ASSERT_EQ(Number::parse(scientific), a) << scientific;
  }
}

}  // namespace
}  // namespace localcloud::dynamodb::model
