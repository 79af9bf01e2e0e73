#include "api/validation.h"

#include <nlohmann/json.hpp>

#include "localcloud/core/aws_error.h"

namespace localcloud::dynamodb::api {
namespace {

// The Java class AWS's deserializer names for a JSON number.
std::string java_class_of_number(const nlohmann::json& value) {
  if (value.is_number_float()) return "java.lang.Double";
  auto n = value.get<int64_t>();
  if (n >= -32768 && n <= 32767) return "java.lang.Short";
  if (n >= INT32_MIN && n <= INT32_MAX) return "java.lang.Integer";
  return "java.lang.Long";
}

}  // namespace

void throw_wrong_type(const nlohmann::json& value, std::string_view wanted) {
  if (value.is_object())
    throw errors::serialization("Start of structure or map found where not expected.");
  if (value.is_array()) throw errors::serialization("Start of list found where not expected");
  std::string java_class = value.is_string()    ? "java.lang.String"
                           : value.is_boolean() ? "java.lang.Boolean"
                                                : java_class_of_number(value);
  throw errors::serialization("class " + java_class + " can not be converted to " +
                              std::string(wanted));
}

namespace {

bool matches_name_pattern(std::string_view text) {
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return !text.empty();
}

}  // namespace

std::optional<int64_t> Validator::optional_int(const nlohmann::json& input, std::string_view field,
                                               std::string_view path, int64_t min, int64_t max) {
  auto it = input.find(field);
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) throw_wrong_type(*it, "an Integer");
  int64_t value = it->get<int64_t>();
  if (value < min)
    fail(std::to_string(value), path,
         "Member must have value greater than or equal to " + std::to_string(min));
  else if (value > max)
    fail(std::to_string(value), path,
         "Member must have value less than or equal to " + std::to_string(max));
  return value;
}

std::optional<std::string> Validator::optional_string(const nlohmann::json& input,
                                                      std::string_view field,
                                                      std::string_view path, size_t min_length,
                                                      size_t max_length,
                                                      std::string_view name_pattern) {
  auto it = input.find(field);
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw_wrong_type(*it, "an String");
  std::string value = it->get<std::string>();
  if (!name_pattern.empty() && !matches_name_pattern(value))
    fail(value, path, "Member must satisfy regular expression pattern: " + std::string(name_pattern));
  if (value.size() < min_length)
    fail(value, path, "Member must have length greater than or equal to " + std::to_string(min_length));
  if (value.size() > max_length)
    fail(value, path, "Member must have length less than or equal to " + std::to_string(max_length));
  return value;
}

std::optional<std::string> Validator::required_string(const nlohmann::json& input,
                                                      std::string_view field,
                                                      std::string_view path, size_t min_length,
                                                      size_t max_length,
                                                      std::string_view name_pattern) {
  auto value = optional_string(input, field, path, min_length, max_length, name_pattern);
  if (!value) fail_null(path);
  return value;
}

const nlohmann::json* member(const nlohmann::json& object, std::string_view field, Shape shape) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) return nullptr;
  const nlohmann::json& v = *it;
  switch (shape) {
    case Shape::kString:
      if (!v.is_string()) throw_wrong_type(v, "an String");
      break;
    case Shape::kInteger:
      if (!v.is_number_integer()) throw_wrong_type(v, "an Integer");
      break;
    case Shape::kLong:
      if (!v.is_number_integer()) throw_wrong_type(v, "an Long");
      break;
    case Shape::kBoolean:
      if (!v.is_boolean()) throw_wrong_type(v, "an Boolean");
      break;
    case Shape::kList:
      if (v.is_object())
        throw errors::serialization("Start of structure or map found where not expected.");
      if (!v.is_array()) throw errors::serialization("Expected list or null");
      break;
    case Shape::kStruct:
    case Shape::kMap:
      if (v.is_array()) throw errors::serialization("Start of list found where not expected");
      if (!v.is_object())
        throw errors::serialization(shape == Shape::kMap ? "Expected map or null" : "Expected null");
      break;
  }
  return &v;
}

void Validator::fail(std::string_view value, std::string_view path, std::string_view constraint) {
  failures_.push_back("Value '" + std::string(value) + "' at '" + std::string(path) +
                      "' failed to satisfy constraint: " + std::string(constraint));
}

void Validator::fail_null(std::string_view path) {
  failures_.push_back("Value null at '" + std::string(path) +
                      "' failed to satisfy constraint: Member must not be null");
}

void Validator::throw_if_failed() const {
  if (failures_.empty()) return;
  std::string message = std::to_string(failures_.size()) +
                        (failures_.size() == 1 ? " validation error detected: "
                                               : " validation errors detected: ");
  for (size_t i = 0; i < failures_.size(); ++i) {
    if (i) message += "; ";
    message += failures_[i];
  }
  throw errors::validation(message);
}

}  // namespace localcloud::dynamodb::api
