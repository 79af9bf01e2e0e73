// AttributeValue::from_json and item_from_json: wire JSON to typed values.
//
// AWS reads a request in two stages and so do we: its JSON reader rejects a
// wrong JSON shape anywhere in the value (SerializationException), and only
// then is the content validated, member by member in document order
// (ValidationException). A type error deep in a value therefore beats a bad
// number near its top.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "model/attribute_value.h"
#include "model/base64.h"

namespace localcloud::dynamodb::model {
namespace {

using nlohmann::json;

constexpr std::string_view kValueClass = "com.amazonaws.dynamodb.v20120810.AttributeValue";

// The Jackson token names AWS's reader puts in "X cannot be converted to Y".
std::string token_name(const json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
  if (value.is_number_float()) return "DECIMAL_VALUE";
  if (value.is_number()) return "NUMBER_VALUE";
  return "STRING_VALUE";
}

void check_string_shape(const json& value) {
  if (value.is_string()) return;
  if (value.is_object()) throw errors::malformed(errors::kObjectNotExpected);
  if (value.is_array())
    throw errors::malformed("Unrecognized collection type class java.lang.String");
  throw errors::malformed(token_name(value) + " cannot be converted to String");
}

void check_blob_shape(const json& value) {
  if (value.is_object()) throw errors::malformed(errors::kObjectNotExpected);
  if (value.is_array())
    throw errors::malformed("Unrecognized collection type class java.nio.ByteBuffer");
  if (!value.is_string()) throw errors::malformed(errors::kNotBase64String);
  auto decoded = base64_decode(value.get_ref<const std::string&>());
  if (!decoded.error.empty()) throw errors::malformed(decoded.error);
}

void check_boolean_shape(const json& value) {
  if (value.is_boolean()) return;
  if (value.is_object()) throw errors::malformed(errors::kObjectNotExpected);
  if (value.is_array())
    throw errors::malformed("Unrecognized collection type class java.lang.Boolean");
  if (value.is_string()) throw errors::malformed(errors::kBadBooleanToken);
  throw errors::malformed(token_name(value) + " cannot be converted to Boolean");
}

void check_list_shape(const json& value) {
  if (value.is_array()) return;
  throw errors::malformed(value.is_object() ? errors::kObjectNotExpected : errors::kNotAField);
}

void check_map_shape(const json& value) {
  if (value.is_object()) return;
  if (value.is_array())
    throw errors::malformed("Unrecognized collection type java.util.Map<java.lang.String, " +
                            std::string(kValueClass) + ">");
  throw errors::malformed(errors::kNotAField);
}

void check_value_shape(const json& value, int depth);

void check_members_shape(const json& array, void (*check)(const json&)) {
  check_list_shape(array);
  for (const auto& member : array) {
    // Not settled against AWS: a null set member is taken as a value of the
    // wrong type.
    if (member.is_null()) throw errors::malformed(errors::kNotAValue);
    check(member);
  }
}

void check_value_shape(const json& value, int depth) {
  if (value.is_array())
    throw errors::malformed("Unrecognized collection type class " + std::string(kValueClass));
  if (!value.is_object()) throw errors::malformed(errors::kNotAValue);
  // Deeper values are refused for their depth before anything reads them.
  if (depth > AttributeValue::kMaxDepth) return;
  for (const auto& [key, member] : value.items()) {
    if (member.is_null()) continue;
    if (key == "S" || key == "N") {
      check_string_shape(member);
    } else if (key == "B") {
      check_blob_shape(member);
    } else if (key == "BOOL" || key == "NULL") {
      check_boolean_shape(member);
    } else if (key == "SS" || key == "NS") {
      check_members_shape(member, check_string_shape);
    } else if (key == "BS") {
      check_members_shape(member, check_blob_shape);
    } else if (key == "L") {
      check_list_shape(member);
      for (const auto& element : member)
        if (!element.is_null()) check_value_shape(element, depth + 1);
    } else if (key == "M") {
      check_map_shape(member);
      for (const auto& [name, element] : member.items())
        if (!element.is_null()) check_value_shape(element, depth + 1);
    }
  }
}

// Second stage: content, in the order of AttributeValue's members.
class Reader {
 public:
  explicit Reader(const ParseOptions& options) : options_(options) {}

  AttributeValue read(const json& value, int depth) const {
    if (depth > AttributeValue::kMaxDepth) throw errors::nesting_too_deep();
    static constexpr std::string_view kMembers[] = {"S",  "N", "B", "SS",   "NS",
                                                    "BS", "M", "L", "NULL", "BOOL"};
    std::optional<AttributeValue> result;
    int present = 0;
    for (std::string_view key : kMembers) {
      auto it = value.is_object() ? value.find(key) : value.end();
      if (it == value.end() || it->is_null()) continue;
      ++present;
      AttributeValue member = read_member(key, *it, depth);
      if (!result) result = std::move(member);
    }
    if (present == 0) throw invalid(std::string(errors::kEmptyValue));
    if (present > 1) throw invalid(std::string(errors::kManyTypes));
    return std::move(*result);
  }

 private:
  AwsError invalid(std::string message) const {
    return errors::invalid_value(std::move(message), options_.envelope);
  }
  AwsError invalid_parameter(std::string_view message) const {
    return invalid(std::string(errors::kInvalidParameters).append(message));
  }

  Number read_number(const std::string& text) const {
    auto checked = Number::check(text, options_.style);
    if (auto* problem = std::get_if<errors::NumberProblem>(&checked))
      throw errors::bad_number(*problem, text, options_.style, options_.envelope);
    return std::get<Number>(std::move(checked));
  }

  static std::string decode(const json& text) {
    return base64_decode(text.get_ref<const std::string&>()).bytes;
  }

  AttributeValue read_member(std::string_view key, const json& member, int depth) const {
    if (key == "S") return AttributeValue::string(member.get<std::string>());
    if (key == "N")
      return AttributeValue::number(read_number(member.get_ref<const std::string&>()));
    if (key == "B") return AttributeValue::binary(decode(member));
    if (key == "NULL") {
      if (!member.get<bool>()) throw invalid_parameter(errors::kNullNotTrue);
      return AttributeValue::null();
    }
    if (key == "BOOL") return AttributeValue::boolean(member.get<bool>());
    if (key == "M") {
      AttributeValue::Map entries;
      for (const auto& [name, element] : member.items())
        entries.emplace(name, read(element, depth + 1));
      return AttributeValue::map(std::move(entries));
    }
    if (key == "L") {
      AttributeValue::List elements;
      elements.reserve(member.size());
      for (const auto& element : member) elements.push_back(read(element, depth + 1));
      return AttributeValue::list(std::move(elements));
    }
    if (key == "NS") return read_number_set(member);
    return read_bytes_set(key, member);
  }

  AttributeValue read_number_set(const json& member) const {
    if (member.empty()) throw invalid_parameter(errors::kEmptyNumberSet);
    std::vector<Number> members;
    members.reserve(member.size());
    for (const auto& text : member)
      members.push_back(read_number(text.get_ref<const std::string&>()));
    std::vector<Number> sorted = members;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      if (options_.style == MessageStyle::kLegacy)
        throw invalid("Input collection contains duplicates");
      throw invalid_parameter("Input collection contains duplicates.");
    }
    return AttributeValue::number_set(std::move(members));
  }

  AttributeValue read_bytes_set(std::string_view key, const json& member) const {
    const bool binary = key == "BS";
    if (member.empty())
      throw invalid_parameter(binary ? errors::kEmptyBinarySet : errors::kEmptyStringSet);
    std::vector<std::string> members;
    members.reserve(member.size());
    for (const auto& element : member)
      members.push_back(binary ? decode(element) : element.get<std::string>());
    std::set<std::string_view> seen;
    for (size_t i = 0; i < members.size(); ++i) {
      if (seen.insert(members[i]).second) continue;
      throw invalid_parameter(
          "Input collection " + duplicates_listing(member, members, i, binary) +
          (binary ? "of type BS contains duplicates." : " contains duplicates."));
    }
    return binary ? AttributeValue::binary_set(std::move(members))
                  : AttributeValue::string_set(std::move(members));
  }

  // How AWS lists a set with a repeat. The older layer prints the members as
  // sent. The current one quotes them and lists those before the first repeat
  // in byte order, then the repeat, then the rest as sent (it fills a sorted
  // set and stops at the repeat); binary members are joined without a space.
  std::string duplicates_listing(const json& wire, const std::vector<std::string>& members,
                                 size_t repeat, bool binary) const {
    std::string out = "[";
    if (options_.style == MessageStyle::kLegacy) {
      for (size_t i = 0; i < wire.size(); ++i)
        out.append(i ? ", " : "").append(wire[i].get_ref<const std::string&>());
      return out + "]";
    }
    std::vector<size_t> order(members.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(repeat),
              [&](size_t a, size_t b) { return members[a] < members[b]; });
    for (size_t i = 0; i < order.size(); ++i)
      out.append(i ? (binary ? "," : ", ") : "").append(wire[order[i]].dump());
    return out + "]";
  }

  const ParseOptions& options_;
};

}  // namespace

AttributeValue AttributeValue::from_json(const json& wire, const ParseOptions& options) {
  check_value_shape(wire, 1);
  return Reader(options).read(wire, 1);
}

Item item_from_json(const json& wire, const ParseOptions& options) {
  check_map_shape(wire);
  for (const auto& [name, value] : wire.items())
    if (!value.is_null()) check_value_shape(value, 1);
  Reader reader(options);
  Item item;
  for (const auto& [name, value] : wire.items()) item.emplace(name, reader.read(value, 1));
  return item;
}

}  // namespace localcloud::dynamodb::model
