#include "eval/values.h"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "localcloud/core/base64.h"

namespace localcloud::dynamodb::eval::internal {

using model::AttributeType;
using model::AttributeValue;

namespace {

// Bytes compare as unsigned, whatever the signedness of char.
std::strong_ordering compare_bytes(std::string_view a, std::string_view b) {
  const int c = a.compare(b);  // char_traits<char> compares as unsigned char
  return c < 0 ? std::strong_ordering::less
               : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

// A UTF-8 lead byte starts 1 code unit, a 4-byte sequence 2 (a surrogate
// pair); continuation bytes add nothing.
std::int64_t utf16_length(std::string_view text) {
  std::int64_t units = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;
    units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

template <typename T>
bool has_member(const std::vector<T>& members, const T& needle) {
  return std::find(members.begin(), members.end(), needle) != members.end();
}

}  // namespace

bool is_ordered(AttributeType type) {
  return type == AttributeType::kS || type == AttributeType::kN || type == AttributeType::kB;
}

bool is_set(AttributeType type) {
  return type == AttributeType::kSs || type == AttributeType::kNs || type == AttributeType::kBs;
}

std::optional<std::strong_ordering> compare_ordered(const AttributeValue& a,
                                                    const AttributeValue& b) {
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case AttributeType::kS:
      return compare_bytes(a.as_string(), b.as_string());
    case AttributeType::kB:
      return compare_bytes(a.as_binary(), b.as_binary());
    case AttributeType::kN:
      return a.as_number() <=> b.as_number();
    default:
      return std::nullopt;
  }
}

bool contains(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type()) {
    case AttributeType::kS:
      return needle.type() == AttributeType::kS &&
             haystack.as_string().find(needle.as_string()) != std::string::npos;
    case AttributeType::kB:
      return needle.type() == AttributeType::kB &&
             haystack.as_binary().find(needle.as_binary()) != std::string::npos;
    case AttributeType::kSs:
      return needle.type() == AttributeType::kS &&
             has_member(haystack.as_bytes_set(), needle.as_string());
    case AttributeType::kBs:
      return needle.type() == AttributeType::kB &&
             has_member(haystack.as_bytes_set(), needle.as_binary());
    case AttributeType::kNs:
      return needle.type() == AttributeType::kN &&
             has_member(haystack.as_number_set(), needle.as_number());
    case AttributeType::kL:
      return has_member(haystack.as_list(), needle);
    default:
      return false;
  }
}

bool begins_with(const AttributeValue& value, const AttributeValue& prefix) {
  if (value.type() != prefix.type()) return false;
  if (value.type() == AttributeType::kS) return value.as_string().starts_with(prefix.as_string());
  if (value.type() == AttributeType::kB) return value.as_binary().starts_with(prefix.as_binary());
  return false;
}

std::optional<AttributeValue> size_of(const AttributeValue& value) {
  std::int64_t size = 0;
  switch (value.type()) {
    case AttributeType::kS:
      size = utf16_length(value.as_string());
      break;
    case AttributeType::kB:
      size = static_cast<std::int64_t>(value.as_binary().size());
      break;
    case AttributeType::kSs:
    case AttributeType::kBs:
      size = static_cast<std::int64_t>(value.as_bytes_set().size());
      break;
    case AttributeType::kNs:
      size = static_cast<std::int64_t>(value.as_number_set().size());
      break;
    case AttributeType::kL:
      size = static_cast<std::int64_t>(value.as_list().size());
      break;
    case AttributeType::kM:
      size = static_cast<std::int64_t>(value.as_map().size());
      break;
    default:
      return std::nullopt;
  }
  return AttributeValue::number(model::Number::from_integer(size));
}

std::string bound_for_message(const AttributeValue& value) {
  std::string text = "AttributeValue: {";
  text += model::type_name(value.type());
  text += ':';
  switch (value.type()) {
    case AttributeType::kS:
      text += value.as_string();
      break;
    case AttributeType::kN:
      text += value.as_number().to_string();
      break;
    case AttributeType::kB:
      text += base64::encode(value.as_binary());
      break;
    default:
      text += value.to_json().begin()->dump();  // never reached: bounds are S, N or B
      break;
  }
  text += '}';
  return text;
}

std::string_view long_type_name(AttributeType type) {
  switch (type) {
    case AttributeType::kS:
      return "STRING";
    case AttributeType::kN:
      return "NUMBER";
    case AttributeType::kB:
      return "BINARY";
    case AttributeType::kBool:
      return "BOOL";
    case AttributeType::kNull:
      return "NULL";
    case AttributeType::kM:
      return "MAP";
    case AttributeType::kL:
      return "LIST";
    case AttributeType::kSs:
      return "STRING_SET";
    case AttributeType::kNs:
      return "NUMBER_SET";
    case AttributeType::kBs:
      break;
  }
  return "BINARY_SET";
}

}  // namespace localcloud::dynamodb::eval::internal
