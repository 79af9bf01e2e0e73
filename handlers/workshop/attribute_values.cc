#include "workshop/attribute_values.h"

#include <stdexcept>

namespace workshop {

namespace {

nlohmann::ordered_json number(const std::string& text) {
  // Integers that fit stay integers; the rest become doubles, as in JavaScript.
  size_t used = 0;
  try {
    if (text.find_first_of(".eE") == std::string::npos) {
      long long n = std::stoll(text, &used);
      if (used == text.size()) return n;
    }
    double d = std::stod(text, &used);
    if (used == text.size()) return d;
  } catch (const std::exception&) {
  }
  return text;
}

}  // namespace

nlohmann::ordered_json unmarshall(const nlohmann::ordered_json& value) {
  if (!value.is_object() || value.size() != 1) throw std::invalid_argument("not an attribute value");
  auto only = value.begin();
  const std::string& type = only.key();
  const auto& v = only.value();
  if (type == "S" || type == "B") return v.get<std::string>();
  if (type == "N") return number(v.get<std::string>());
  if (type == "BOOL") return v.get<bool>();
  if (type == "NULL") return nullptr;
  if (type == "M") return unmarshall_item(v);
  auto out = nlohmann::ordered_json::array();
  if (type == "L") {
    for (const auto& e : v) out.push_back(unmarshall(e));
  } else if (type == "SS" || type == "BS") {
    for (const auto& e : v) out.push_back(e.get<std::string>());
  } else if (type == "NS") {
    for (const auto& e : v) out.push_back(number(e.get<std::string>()));
  } else {
    throw std::invalid_argument("unknown attribute type " + type);
  }
  return out;
}

nlohmann::ordered_json unmarshall_item(const nlohmann::ordered_json& item) {
  auto out = nlohmann::ordered_json::object();
  for (const auto& [name, value] : item.items()) out[name] = unmarshall(value);
  return out;
}

nlohmann::ordered_json marshall(const nlohmann::ordered_json& value) {
  using J = nlohmann::ordered_json;
  if (value.is_string()) return J{{"S", value}};
  if (value.is_boolean()) return J{{"BOOL", value}};
  if (value.is_null()) return J{{"NULL", true}};
  if (value.is_number()) return J{{"N", value.dump()}};
  if (value.is_array()) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& e : value) list.push_back(marshall(e));
    return J{{"L", list}};
  }
  auto map = nlohmann::ordered_json::object();
  for (const auto& [name, e] : value.items()) map[name] = marshall(e);
  return J{{"M", map}};
}

}  // namespace workshop
