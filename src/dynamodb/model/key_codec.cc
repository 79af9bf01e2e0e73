#include "model/key_codec.h"

#include <stdexcept>

namespace localcloud::dynamodb::model {
namespace {

constexpr unsigned char kNegative = 0x01;
constexpr unsigned char kZero = 0x02;
constexpr unsigned char kPositive = 0x03;
constexpr unsigned char kNegativeEnd = 0xFF;
constexpr int kExponentBias = -Number::kMinExponent;

}  // namespace

bool is_key_type(AttributeType type) {
  return type == AttributeType::kS || type == AttributeType::kN || type == AttributeType::kB;
}

std::string encode_number_key(const Number& number) {
  if (number.is_zero()) return std::string(1, static_cast<char>(kZero));
  const bool negative = number.is_negative();
  auto byte = [negative](int value, int max) {
    return static_cast<char>(negative ? max - value : value);
  };
  const std::string& digits = number.digits();
  std::string out;
  out.reserve(3 + digits.size() / 2);
  out.push_back(static_cast<char>(negative ? kNegative : kPositive));
  out.push_back(byte(number.exponent() + kExponentBias, 255));
  for (size_t i = 0; i < digits.size(); i += 2) {
    int pair = (digits[i] - '0') * 10 + (i + 1 < digits.size() ? digits[i + 1] - '0' : 0);
    out.push_back(byte(pair, 99));
  }
  if (negative) out.push_back(static_cast<char>(kNegativeEnd));
  return out;
}

std::string encode_key_part(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeType::kS:
      return value.as_string();
    case AttributeType::kB:
      return value.as_binary();
    case AttributeType::kN:
      return encode_number_key(value.as_number());
    default:
      throw std::invalid_argument("not a key type: " + std::string(type_name(value.type())));
  }
}

namespace {

std::optional<Number> decode_number(std::string_view bytes) {
  if (bytes.empty()) return std::nullopt;
  const auto cls = static_cast<unsigned char>(bytes[0]);
  if (cls == kZero) return bytes.size() == 1 ? std::optional<Number>(Number()) : std::nullopt;
  if (cls != kNegative && cls != kPositive) return std::nullopt;
  const bool negative = cls == kNegative;
  if (negative) {
    if (bytes.back() != static_cast<char>(kNegativeEnd)) return std::nullopt;
    bytes.remove_suffix(1);
  }
  if (bytes.size() < 3) return std::nullopt;
  auto value = [&](size_t i, int max) {
    const int b = static_cast<unsigned char>(bytes[i]);
    return negative ? max - b : b;
  };
  const int exponent = value(1, 255) - kExponentBias;
  std::string digits;
  for (size_t i = 2; i < bytes.size(); ++i) {
    const int pair = value(i, 99);
    if (pair < 0 || pair > 99) return std::nullopt;
    digits.push_back(static_cast<char>('0' + pair / 10));
    digits.push_back(static_cast<char>('0' + pair % 10));
  }
  if (digits.back() == '0') digits.pop_back();
  return Number::from_parts(negative, std::move(digits), exponent);
}

}  // namespace

std::optional<AttributeValue> decode_key_part(AttributeType type, std::string_view bytes) {
  switch (type) {
    case AttributeType::kS:
      return AttributeValue::string(std::string(bytes));
    case AttributeType::kB:
      return AttributeValue::binary(std::string(bytes));
    case AttributeType::kN: {
      auto number = decode_number(bytes);
      if (!number) return std::nullopt;
      return AttributeValue::number(std::move(*number));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace localcloud::dynamodb::model
