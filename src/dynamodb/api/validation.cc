#include "api/validation.h"

#include <nlohmann/json.hpp>

#include "localcloud/core/aws_error.h"

namespace localcloud::dynamodb::api {
namespace {

[[noreturn]] void wrong_type(const nlohmann::json& value, std::string_view wanted) {
  if (value.is_object()) throw errors::serialization("Start of structure or map found where not expected");
  if (value.is_array()) throw errors::serialization("Start of list found where not expected");
  std::string kind = value.is_string() ? "STRING_VALUE"
                     : value.is_boolean() ? (value.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE")
                                          : "NUMBER_VALUE";
  throw errors::serialization(kind + " can not be converted to " + std::string(wanted));
}

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
  if (!it->is_number_integer()) wrong_type(*it, "an Integer");
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
  if (!it->is_string()) wrong_type(*it, "a String");
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
  if (!value) fail("null", path, "Member must not be null");
  return value;
}

void Validator::fail(std::string_view value, std::string_view path, std::string_view constraint) {
  failures_.push_back("Value '" + std::string(value) + "' at '" + std::string(path) +
                      "' failed to satisfy constraint: " + std::string(constraint));
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
