#include "model/number.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace localcloud::dynamodb::model {
namespace {

using errors::NumberProblem;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A number's text split into its parts; no value judgement yet.
struct Lexed {
  bool negative = false;
  std::string_view int_digits;
  std::string_view frac_digits;
  int64_t exponent = 0;
};

// Reads the exponent's digits; nullopt when they do not fit a 64-bit integer,
// which AWS cannot convert at all (an exponent that fits is range-checked).
std::optional<int64_t> read_exponent(std::string_view digits, bool negative) {
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t magnitude = 0;
  for (char c : digits) {
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (magnitude > (limit - d) / 10) return std::nullopt;
    magnitude = magnitude * 10 + d;
  }
  if (!negative) return static_cast<int64_t>(magnitude);
  return magnitude == uint64_t{1} << 63 ? std::numeric_limits<int64_t>::min()
                                        : -static_cast<int64_t>(magnitude);
}

std::optional<Lexed> lex(std::string_view text) {
  Lexed out;
  size_t i = 0;
  const size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) out.negative = text[i++] == '-';
  size_t begin = i;
  while (i < n && is_digit(text[i])) ++i;
  out.int_digits = text.substr(begin, i - begin);
  if (i < n && text[i] == '.') {
    begin = ++i;
    while (i < n && is_digit(text[i])) ++i;
    out.frac_digits = text.substr(begin, i - begin);
  }
  if (out.int_digits.empty() && out.frac_digits.empty()) return std::nullopt;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    bool negative = false;
    if (++i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    begin = i;
    while (i < n && is_digit(text[i])) ++i;
    if (i == begin) return std::nullopt;
    auto exponent = read_exponent(text.substr(begin, i - begin), negative);
    if (!exponent) return std::nullopt;
    out.exponent = *exponent;
  }
  if (i != n) return std::nullopt;
  return out;
}

// Exponents this far out are out of range whatever the digits say; clamping
// keeps the arithmetic below inside int64.
constexpr int64_t kExponentClamp = int64_t{1} << 40;

std::variant<Number, NumberProblem> range_checked(bool negative, std::string digits,
                                                  int64_t exponent) {
  if (exponent > Number::kMaxExponent) return NumberProblem::kOverflow;
  if (exponent < Number::kMinExponent) return NumberProblem::kUnderflow;
  if (digits.size() > static_cast<size_t>(Number::kMaxDigits)) return NumberProblem::kTooManyDigits;
  return *Number::from_parts(negative, std::move(digits), static_cast<int>(exponent));
}

}  // namespace

std::variant<Number, NumberProblem> Number::check(std::string_view text, MessageStyle style) {
  auto lexed = lex(text);
  if (!lexed) return NumberProblem::kNotNumeric;
  std::string all;
  all.reserve(lexed->int_digits.size() + lexed->frac_digits.size());
  all.append(lexed->int_digits).append(lexed->frac_digits);
  const auto frac_len = static_cast<int64_t>(lexed->frac_digits.size());
  const size_t first = all.find_first_not_of('0');
  // Digits of the unscaled value as Java's BigDecimal counts them (zero has one).
  const auto precision = static_cast<int64_t>(first == std::string::npos ? 1 : all.size() - first);

  int64_t exponent = lexed->exponent;
  if (style == MessageStyle::kLegacy) {
    // The older layer reads the text as java.math.BigDecimal: the exponent and
    // the scale must fit an int, and the magnitude is computed in int, so a
    // huge exponent wraps (1e2147483647 reports an underflow there).
    const int64_t scale = frac_len - exponent;
    if (exponent != static_cast<int32_t>(exponent) || scale != static_cast<int32_t>(scale))
      return NumberProblem::kNotNumeric;
    const auto magnitude = static_cast<int32_t>(static_cast<uint32_t>(precision - scale));
    exponent = int64_t{magnitude} - 1;
  } else {
    exponent = std::clamp(exponent, -kExponentClamp, kExponentClamp);
    exponent = precision - 1 + exponent - frac_len;
  }
  // Zero is range-checked by the exponent it was written with ("0e126"
  // overflows) and then forgets it.
  if (first == std::string::npos) {
    if (exponent > Number::kMaxExponent) return NumberProblem::kOverflow;
    if (exponent < Number::kMinExponent) return NumberProblem::kUnderflow;
    return Number();
  }
  std::string digits = all.substr(first);
  digits.erase(digits.find_last_not_of('0') + 1);
  return range_checked(lexed->negative, std::move(digits), exponent);
}

Number Number::parse(std::string_view text, MessageStyle style) {
  auto checked = check(text, style);
  if (auto* problem = std::get_if<NumberProblem>(&checked))
    throw errors::bad_number(*problem, text, style, /*envelope=*/false);
  return std::get<Number>(std::move(checked));
}

Number Number::from_integer(int64_t value) { return parse(std::to_string(value)); }

std::optional<Number> Number::from_parts(bool negative, std::string digits, int exponent) {
  if (digits.empty()) {
    if (negative || exponent != 0) return std::nullopt;
    return Number();
  }
  if (digits.size() > static_cast<size_t>(kMaxDigits) || exponent > kMaxExponent ||
      exponent < kMinExponent || digits.front() == '0' || digits.back() == '0' ||
      !std::all_of(digits.begin(), digits.end(), is_digit))
    return std::nullopt;
  return Number(negative, std::move(digits), exponent);
}

std::string Number::to_string() const {
  if (is_zero()) return "0";
  std::string out = negative_ ? "-" : "";
  const int n = static_cast<int>(digits_.size());
  if (exponent_ < 0) {
    const int leading_zeros = -exponent_ - 1;
    out.append("0.").append(static_cast<size_t>(leading_zeros), '0').append(digits_);
  } else if (exponent_ >= n - 1) {
    const int trailing_zeros = exponent_ - (n - 1);
    out.append(digits_).append(static_cast<size_t>(trailing_zeros), '0');
  } else {
    const int integer_digits = exponent_ + 1;
    out.append(digits_, 0, static_cast<size_t>(integer_digits))
        .append(".")
        .append(digits_, static_cast<size_t>(integer_digits));
  }
  return out;
}

Number Number::negated() const {
  if (is_zero()) return *this;
  return Number(!negative_, digits_, exponent_);
}

std::strong_ordering Number::compare_magnitude(const Number& other) const {
  if (is_zero() || other.is_zero()) return other.is_zero() <=> is_zero();
  if (exponent_ != other.exponent_) return exponent_ <=> other.exponent_;
  // Trailing zeros are trimmed, so a digit string that is a prefix of another
  // is the smaller magnitude, exactly as string comparison says.
  return digits_.compare(other.digits_) <=> 0;
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  auto sign = [](const Number& n) { return n.is_zero() ? 0 : n.negative_ ? -1 : 1; };
  if (sign(*this) != sign(other)) return sign(*this) <=> sign(other);
  auto magnitude = compare_magnitude(other);
  return negative_ ? 0 <=> magnitude : magnitude;
}

Number Number::subtract(const Number& other) const { return add(other.negated()); }

Number Number::add(const Number& other) const {
  if (other.is_zero()) return *this;
  if (is_zero()) return other;
  // Lay both magnitudes out as little-endian digit columns from the lowest
  // power either one uses; the range bounds this to a few hundred columns.
  auto lowest = [](const Number& n) {
    return n.exponent_ - static_cast<int>(n.digits_.size()) + 1;
  };
  const int low = std::min(lowest(*this), lowest(other));
  const int width = std::max(exponent_, other.exponent_) - low + 2;
  auto columns = [&](const Number& n) {
    std::vector<int> out(static_cast<size_t>(width), 0);
    for (size_t i = 0; i < n.digits_.size(); ++i)
      out[static_cast<size_t>(n.exponent_ - static_cast<int>(i) - low)] = n.digits_[i] - '0';
    return out;
  };
  std::vector<int> big = columns(*this);
  std::vector<int> small = columns(other);
  bool negative = negative_;
  const bool same_sign = negative_ == other.negative_;
  if (!same_sign && compare_magnitude(other) < 0) {
    std::swap(big, small);
    negative = other.negative_;
  }
  int carry = 0;
  for (size_t i = 0; i < big.size(); ++i) {
    int d = same_sign ? big[i] + small[i] + carry : big[i] - small[i] + carry;
    carry = same_sign ? d / 10 : (d < 0 ? -1 : 0);
    big[i] = same_sign ? d % 10 : d - 10 * carry;
  }
  auto top = std::find_if(big.rbegin(), big.rend(), [](int d) { return d != 0; });
  if (top == big.rend()) return Number();
  const int exponent = static_cast<int>(big.rend() - top) - 1 + low;
  std::string digits;
  for (auto it = top; it != big.rend(); ++it) digits.push_back(static_cast<char>('0' + *it));
  digits.erase(digits.find_last_not_of('0') + 1);

  auto checked = range_checked(negative, std::move(digits), exponent);
  if (auto* problem = std::get_if<NumberProblem>(&checked)) {
    if (*problem == NumberProblem::kTooManyDigits) *problem = NumberProblem::kOverflow;
    throw errors::bad_number(*problem, "", MessageStyle::kCurrent, /*envelope=*/false);
  }
  return std::get<Number>(std::move(checked));
}

}  // namespace localcloud::dynamodb::model
