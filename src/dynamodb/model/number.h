// Number: DynamoDB's decimal number type, held exactly.
//
// DynamoDB numbers carry up to 38 significant decimal digits and a magnitude
// from 1E-130 to 9.9999999999999999999999999999999999999E+125, positive,
// negative or zero. A Number keeps the significant digits and a decimal
// exponent, never a binary float, so parsing, printing, comparing and
// ADD/SET arithmetic are exact, as in DynamoDB.
//
// The representation is canonical (no leading or trailing zeros, no negative
// zero), so equal values compare equal member by member and "1.50", "15E-1"
// and "1.5" are one Number. Values are immutable; copies are independent.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "model/errors.h"

namespace localcloud::dynamodb::model {

class Number {
 public:
  static constexpr int kMaxDigits = 38;
  static constexpr int kMaxExponent = 125;
  static constexpr int kMinExponent = -130;

  // Zero.
  Number() = default;

  // Parses a number as DynamoDB reads one off the wire: optional sign, digits
  // with an optional fraction (".5" and "5." are numbers), optional exponent
  // e/E with optional sign. Leading and trailing zeros do not count as
  // significant. Anything else (blanks, "NaN", "Infinity", hex, "1e") is not a
  // number. Throws AwsError (ValidationException) with AWS's text for `style`.
  static Number parse(std::string_view text, MessageStyle style = MessageStyle::kCurrent);

  // Like parse, returning the problem instead of throwing.
  static std::variant<Number, errors::NumberProblem> check(
      std::string_view text, MessageStyle style = MessageStyle::kCurrent);

  // Exact: every int64 is within range. For counts such as size().
  static Number from_integer(int64_t value);

  // Rebuilds a Number from the parts its accessors return; nullopt unless they
  // are canonical and in range. For decoders of stored forms.
  static std::optional<Number> from_parts(bool negative, std::string digits, int exponent);

  // Plain decimal notation, as DynamoDB returns numbers: "-12.5", "0.000001",
  // "1" followed by 125 zeros for 1E+125; never an exponent, never "-0".
  std::string to_string() const;

  bool is_zero() const { return digits_.empty(); }
  bool is_negative() const { return negative_; }
  // The significant digits, '0'-'9' with no leading or trailing zero; empty
  // for zero.
  const std::string& digits() const { return digits_; }
  // The power of ten of the first significant digit (d.ddd × 10^exponent);
  // 0 for zero.
  int exponent() const { return exponent_; }

  Number negated() const;

  // Exact sum and difference. A result beyond the range, or one needing more
  // than 38 digits, throws the overflow ValidationException (AWS reports lost
  // precision as an overflow too); one below 1E-130 throws the underflow one.
  Number add(const Number& other) const;
  Number subtract(const Number& other) const;

  // Numeric order; equality is numeric equality.
  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

 private:
  Number(bool negative, std::string digits, int exponent)
      : negative_(negative), digits_(std::move(digits)), exponent_(exponent) {}

  std::strong_ordering compare_magnitude(const Number& other) const;

  bool negative_ = false;
  std::string digits_;
  int exponent_ = 0;
};

}  // namespace localcloud::dynamodb::model
