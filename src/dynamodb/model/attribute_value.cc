#include "model/attribute_value.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "localcloud/core/base64.h"
#include "localcloud/core/json_text.h"

namespace localcloud::dynamodb::model {

std::string_view type_name(AttributeType type) {
  switch (type) {
    case AttributeType::kS:
      return "S";
    case AttributeType::kN:
      return "N";
    case AttributeType::kB:
      return "B";
    case AttributeType::kBool:
      return "BOOL";
    case AttributeType::kNull:
      return "NULL";
    case AttributeType::kM:
      return "M";
    case AttributeType::kL:
      return "L";
    case AttributeType::kSs:
      return "SS";
    case AttributeType::kNs:
      return "NS";
    case AttributeType::kBs:
      return "BS";
  }
  return "";
}

AttributeValue AttributeValue::string(std::string value) {
  return AttributeValue(AttributeType::kS, std::move(value));
}
AttributeValue AttributeValue::number(Number value) {
  return AttributeValue(AttributeType::kN, std::move(value));
}
AttributeValue AttributeValue::binary(std::string bytes) {
  return AttributeValue(AttributeType::kB, std::move(bytes));
}
AttributeValue AttributeValue::boolean(bool value) {
  return AttributeValue(AttributeType::kBool, value);
}
AttributeValue AttributeValue::null() { return AttributeValue(); }
AttributeValue AttributeValue::map(Map entries) {
  return AttributeValue(AttributeType::kM, std::move(entries));
}
AttributeValue AttributeValue::list(List elements) {
  return AttributeValue(AttributeType::kL, std::move(elements));
}
AttributeValue AttributeValue::string_set(std::vector<std::string> members) {
  return AttributeValue(AttributeType::kSs, std::move(members));
}
AttributeValue AttributeValue::number_set(std::vector<Number> members) {
  return AttributeValue(AttributeType::kNs, std::move(members));
}
AttributeValue AttributeValue::binary_set(std::vector<std::string> members) {
  return AttributeValue(AttributeType::kBs, std::move(members));
}

namespace {

template <typename T>
bool same_members(std::vector<T> a, std::vector<T> b) {
  if (a.size() != b.size()) return false;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

}  // namespace

bool AttributeValue::operator==(const AttributeValue& other) const {
  if (type_ != other.type_) return false;
  switch (type_) {
    case AttributeType::kSs:
    case AttributeType::kBs:
      return same_members(as_bytes_set(), other.as_bytes_set());
    case AttributeType::kNs:
      return same_members(as_number_set(), other.as_number_set());
    default:
      return value_ == other.value_;
  }
}

nlohmann::json AttributeValue::to_json() const {
  nlohmann::json payload;
  switch (type_) {
    case AttributeType::kS:
      payload = as_string();
      break;
    case AttributeType::kN:
      payload = as_number().to_string();
      break;
    case AttributeType::kB:
      payload = base64::encode(as_binary());
      break;
    case AttributeType::kBool:
      payload = as_bool();
      break;
    case AttributeType::kNull:
      payload = true;
      break;
    case AttributeType::kM:
      payload = item_to_json(as_map());
      break;
    case AttributeType::kL:
      payload = nlohmann::json::array();
      for (const auto& element : as_list()) payload.push_back(element.to_json());
      break;
    case AttributeType::kSs:
      payload = as_bytes_set();
      break;
    case AttributeType::kNs:
      payload = nlohmann::json::array();
      for (const auto& member : as_number_set()) payload.push_back(member.to_string());
      break;
    case AttributeType::kBs:
      payload = nlohmann::json::array();
      for (const auto& member : as_bytes_set()) payload.push_back(base64::encode(member));
      break;
  }
  nlohmann::json wire = nlohmann::json::object();
  wire[std::string(type_name(type_))] = std::move(payload);
  return wire;
}

namespace {

void append_item(std::string& out, const Item& item) {
  out += '{';
  bool first = true;
  for (const auto& [name, value] : item) {
    if (!first) out += ',';
    first = false;
    json_text::append_string(out, name);
    out += ':';
    value.append_wire(out);
  }
  out += '}';
}

template <typename Members, typename Text>
void append_array(std::string& out, const Members& members, Text text) {
  out += '[';
  for (size_t i = 0; i < members.size(); ++i) {
    if (i) out += ',';
    json_text::append_string(out, text(members[i]));
  }
  out += ']';
}

}  // namespace

void AttributeValue::append_wire(std::string& out) const {
  out += "{\"";
  out += type_name(type_);
  out += "\":";
  switch (type_) {
    case AttributeType::kS:
      json_text::append_string(out, as_string());
      break;
    case AttributeType::kN:
      json_text::append_string(out, as_number().to_string());
      break;
    case AttributeType::kB:
      json_text::append_string(out, base64::encode(as_binary()));
      break;
    case AttributeType::kBool:
      out += as_bool() ? "true" : "false";
      break;
    case AttributeType::kNull:
      out += "true";
      break;
    case AttributeType::kM:
      append_item(out, as_map());
      break;
    case AttributeType::kL: {
      out += '[';
      bool first = true;
      for (const auto& element : as_list()) {
        if (!first) out += ',';
        first = false;
        element.append_wire(out);
      }
      out += ']';
      break;
    }
    case AttributeType::kSs:
      append_array(out, as_bytes_set(), [](const std::string& m) -> std::string_view { return m; });
      break;
    case AttributeType::kNs:
      append_array(out, as_number_set(), [](const Number& m) { return m.to_string(); });
      break;
    case AttributeType::kBs:
      append_array(out, as_bytes_set(), [](const std::string& m) { return base64::encode(m); });
      break;
  }
  out += '}';
}

std::string item_to_wire(const Item& item) {
  std::string out;
  out.reserve(256);
  append_item(out, item);
  return out;
}

nlohmann::json item_to_json(const Item& item) {
  nlohmann::json wire = nlohmann::json::object();
  for (const auto& [name, value] : item) wire[name] = value.to_json();
  return wire;
}

}  // namespace localcloud::dynamodb::model
