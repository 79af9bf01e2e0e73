#include "esm/filter.h"

#include <algorithm>
#include <cctype>

namespace localcloud::lambda::esm {
namespace {

using nlohmann::json;

bool is_scalar(const json& v) {
  return v.is_string() || v.is_number() || v.is_boolean() || v.is_null();
}

bool valid_numeric(const json& spec) {
  if (!spec.is_array() || (spec.size() != 2 && spec.size() != 4)) return false;
  for (size_t i = 0; i < spec.size(); i += 2) {
    if (!spec[i].is_string() || !spec[i + 1].is_number()) return false;
    auto op = spec[i].get<std::string>();
    if (op != "<" && op != "<=" && op != ">" && op != ">=" && op != "=") return false;
  }
  return true;
}

bool valid_matcher(const json& m) {
  if (is_scalar(m)) return true;
  if (!m.is_object() || m.size() != 1) return false;
  // The object's one member (items() proxies would dangle in a binding).
  auto member = m.begin();
  const std::string& key = member.key();
  const json& value = member.value();
  if (key == "prefix" || key == "suffix" || key == "equals-ignore-case") return value.is_string();
  if (key == "exists") return value.is_boolean();
  if (key == "numeric") return valid_numeric(value);
  if (key == "anything-but") {
    if (is_scalar(value)) return true;
    if (value.is_array())
      return !value.empty() && std::all_of(value.begin(), value.end(), is_scalar);
    return value.is_object() && value.size() == 1 && value.contains("prefix") &&
           value["prefix"].is_string();
  }
  return false;
}

bool valid_pattern(const json& p) {
  if (!p.is_object() || p.empty()) return false;
  for (const auto& [key, value] : p.items()) {
    if (value.is_object()) {
      if (!valid_pattern(value)) return false;
    } else if (value.is_array()) {
      if (value.empty() || !std::all_of(value.begin(), value.end(), valid_matcher)) return false;
    } else {
      return false;
    }
  }
  return true;
}

bool equal_values(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool numeric_holds(const json& spec, double v) {
  for (size_t i = 0; i < spec.size(); i += 2) {
    auto op = spec[i].get<std::string>();
    double n = spec[i + 1].get<double>();
    bool ok = op == "<"    ? v < n
              : op == "<=" ? v <= n
              : op == ">"  ? v > n
              : op == ">=" ? v >= n
                           : v == n;
    if (!ok) return false;
  }
  return true;
}

// One present value against one matcher (exists handled by the caller).
bool matches_value(const json& m, const json& v) {
  if (is_scalar(m)) return equal_values(m, v);
  auto member = m.begin();  // the matcher's one member
  const std::string& key = member.key();
  const json& arg = member.value();
  if (key == "prefix")
    return v.is_string() && v.get<std::string>().starts_with(arg.get<std::string>());
  if (key == "suffix")
    return v.is_string() && v.get<std::string>().ends_with(arg.get<std::string>());
  if (key == "equals-ignore-case")
    return v.is_string() && lower(v.get<std::string>()) == lower(arg.get<std::string>());
  if (key == "numeric") return v.is_number() && numeric_holds(arg, v.get<double>());
  if (key == "anything-but") {
    if (arg.is_object())
      return !(v.is_string() && v.get<std::string>().starts_with(arg["prefix"].get<std::string>()));
    if (arg.is_array())
      return std::none_of(arg.begin(), arg.end(),
                          [&](const json& x) { return equal_values(x, v); });
    return !equal_values(arg, v);
  }
  if (key == "exists") return arg.get<bool>();
  return false;
}

bool matches_field(const json& matchers, const json* value) {
  for (const auto& m : matchers) {
    if (m.is_object() && m.contains("exists")) {
      if (m["exists"].get<bool>() == (value != nullptr)) return true;
      continue;
    }
    if (!value) continue;
    if (value->is_array()) {
      for (const auto& element : *value)
        if (matches_value(m, element)) return true;
    } else if (matches_value(m, *value)) {
      return true;
    }
  }
  return false;
}

bool matches_object(const json& pattern, const json& record) {
  for (const auto& [key, sub] : pattern.items()) {
    const json* value = nullptr;
    if (record.is_object()) {
      auto it = record.find(key);
      if (it != record.end()) value = &*it;
    }
    if (sub.is_object()) {
      if (!value || !matches_object(sub, *value)) {
        // A nested pattern made only of exists:false holds when the object is absent.
        if (value) return false;
        if (!matches_object(sub, json::object())) return false;
      }
    } else if (!matches_field(sub, value)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<FilterPattern> FilterPattern::parse(const std::string& text) {
  auto p = json::parse(text, nullptr, false);
  if (p.is_discarded() || !valid_pattern(p)) return std::nullopt;
  FilterPattern out;
  out.pattern_ = std::move(p);
  return out;
}

bool FilterPattern::matches(const json& record) const { return matches_object(pattern_, record); }

bool passes(const std::vector<FilterPattern>& patterns, const json& record) {
  if (patterns.empty()) return true;
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const FilterPattern& p) { return p.matches(record); });
}

}  // namespace localcloud::lambda::esm
