#include "api/validation.h"

#include <nlohmann/json.hpp>

#include "errors.h"

namespace localcloud::lambda::api {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kUnparseablePrefix =
    "Could not parse request body into json: Could not parse payload into json: ";

std::string_view java_type(Shape shape) {
  switch (shape) {
    case Shape::kString: return "java.lang.String";
    case Shape::kInteger: return "java.lang.Integer";
    case Shape::kBoolean: return "java.lang.Boolean";
    case Shape::kList: return "java.util.ArrayList";
    case Shape::kStruct:
    case Shape::kMap: return "java.util.LinkedHashMap";
  }
  return "java.lang.Object";
}

std::string_view json_kind(const json& value) {
  switch (value.type()) {
    case json::value_t::string: return "String value";
    case json::value_t::boolean: return "Boolean value";
    case json::value_t::array: return "Array value";
    case json::value_t::object: return "Object value";
    default: return "Number value";
  }
}

bool shape_matches(const json& value, Shape shape) {
  switch (shape) {
    case Shape::kString: return value.is_string();
    case Shape::kInteger: return value.is_number_integer();
    case Shape::kBoolean: return value.is_boolean();
    case Shape::kList: return value.is_array();
    case Shape::kStruct:
    case Shape::kMap: return value.is_object();
  }
  return false;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

void throw_unparseable(std::string_view detail) {
  throw errors::invalid_request_content(std::string(kUnparseablePrefix) + std::string(detail));
}

const json* member(const json& object, std::string_view field, Shape shape) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) return nullptr;
  if (!shape_matches(*it, shape))
    throw_unparseable("Cannot deserialize value of type `" + std::string(java_type(shape)) +
                      "` from " + std::string(json_kind(*it)));
  return &*it;
}

std::optional<std::string> string_member(const json& object, std::string_view field) {
  const json* v = member(object, field, Shape::kString);
  return v ? std::optional<std::string>(v->get<std::string>()) : std::nullopt;
}

std::optional<int64_t> int_member(const json& object, std::string_view field) {
  const json* v = member(object, field, Shape::kInteger);
  return v ? std::optional<int64_t>(v->get<int64_t>()) : std::nullopt;
}

std::optional<bool> bool_member(const json& object, std::string_view field) {
  const json* v = member(object, field, Shape::kBoolean);
  return v ? std::optional<bool>(v->get<bool>()) : std::nullopt;
}

void Validator::fail(std::string_view value, std::string_view path, std::string_view constraint) {
  failures_.push_back("Value '" + std::string(value) + "' at '" + std::string(path) +
                      "' failed to satisfy constraint: " + std::string(constraint));
}

void Validator::fail_null(std::string_view path) {
  failures_.push_back("Value null at '" + std::string(path) +
                      "' failed to satisfy constraint: Member must not be null");
}

void Validator::fail_sensitive(std::string_view path, std::string_view constraint) {
  failures_.push_back("Value at '" + std::string(path) +
                      "' failed to satisfy constraint: " + std::string(constraint));
}

void Validator::check_range(int64_t value, std::string_view path, std::optional<int64_t> min,
                            std::optional<int64_t> max) {
  if (min && value < *min)
    fail(std::to_string(value), path,
         "Member must have value greater than or equal to " + std::to_string(*min));
  else if (max && value > *max)
    fail(std::to_string(value), path,
         "Member must have value less than or equal to " + std::to_string(*max));
}

void Validator::check_length(std::string_view value, std::string_view path, size_t min,
                             size_t max) {
  if (value.size() < min)
    fail(value, path, "Member must have length greater than or equal to " + std::to_string(min));
  else if (value.size() > max)
    fail(value, path, "Member must have length less than or equal to " + std::to_string(max));
}

void Validator::check_pattern(std::string_view value, std::string_view path, bool matches,
                              std::string_view pattern) {
  if (!matches)
    fail(value, path, "Member must satisfy regular expression pattern: " + std::string(pattern));
}

void Validator::check_enum(std::string_view value, std::string_view path,
                           std::initializer_list<std::string_view> allowed) {
  std::string set;
  for (auto a : allowed) {
    if (a == value) return;
    set += (set.empty() ? "" : ", ") + std::string(a);
  }
  fail(value, path, "Member must satisfy enum value set: [" + set + "]");
}

std::string Validator::message() const {
  std::string out = std::to_string(failures_.size()) +
                    (failures_.size() == 1 ? " validation error detected: "
                                           : " validation errors detected: ");
  for (size_t i = 0; i < failures_.size(); ++i) out += (i ? "; " : "") + failures_[i];
  return out;
}

void Validator::throw_if_failed() const {
  if (failed()) throw errors::validation(message());
}

bool all_word_chars(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_') return false;
  return true;
}

bool is_env_key(std::string_view s) {
  if (s.size() < 2 || !is_alpha(s[0])) return false;
  for (char c : s.substr(1))
    if (!is_alpha(c) && !is_digit(c) && c != '_') return false;
  return true;
}

bool has_no_whitespace(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return false;
  return true;
}

}  // namespace localcloud::lambda::api
