#include "api/request.h"

#include <nlohmann/json.hpp>

#include "errors.h"

namespace localcloud::logs::api {
namespace {

using nlohmann::json;

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool satisfies(std::string_view value, Pattern pattern) {
  switch (pattern) {
    case Pattern::kNone:
      return true;
    case Pattern::kGroupName:
    case Pattern::kGroupNameSearch:
      if (pattern == Pattern::kGroupName && value.empty()) return false;
      for (char c : value)
        if (!is_alnum(c) && c != '.' && c != '-' && c != '_' && c != '/' && c != '#') return false;
      return true;
    case Pattern::kStreamName:
      return value.find_first_of(":*") == std::string_view::npos;
    case Pattern::kGroupIdentifier:
      for (char c : value)
        if (!is_alnum(c) && std::string_view("_#+=/:,.@-").find(c) == std::string_view::npos)
          return false;
      return true;
  }
  return true;
}

std::string_view pattern_text(Pattern pattern) {
  switch (pattern) {
    case Pattern::kGroupName:
      return "[\\.\\-_/#A-Za-z0-9]+";
    case Pattern::kGroupNameSearch:
      return "[\\.\\-_/#A-Za-z0-9]*";
    case Pattern::kStreamName:
      return "[^:*]*";
    case Pattern::kGroupIdentifier:
      return "[\\w#+=/:,.@-]*";
    case Pattern::kNone:
      break;
  }
  return "";
}

// The member `field` unless absent or null.
const json* find(const json& body, std::string_view field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

void throw_wrong_type() { throw localcloud::errors::serialization(""); }

void Request::check_string(const std::string& value, std::string_view path, size_t min_length,
                           size_t max_length, Pattern pattern) {
  if (!satisfies(value, pattern))
    fail(value, path,
         "Member must satisfy regular expression pattern: " + std::string(pattern_text(pattern)));
  if (value.size() < min_length)
    fail(value, path,
         "Member must have length greater than or equal to " + std::to_string(min_length));
  if (value.size() > max_length)
    fail(value, path,
         "Member must have length less than or equal to " + std::to_string(max_length));
}

std::optional<std::string> Request::string(std::string_view field, size_t min_length,
                                           size_t max_length, Pattern pattern) {
  const json* v = find(body_, field);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw_wrong_type();
  std::string value = v->get<std::string>();
  check_string(value, path(field), min_length, max_length, pattern);
  return value;
}

std::string Request::required_string(std::string_view field, size_t min_length, size_t max_length,
                                     Pattern pattern) {
  auto value = string(field, min_length, max_length, pattern);
  if (!value) fail_null(path(field));
  return value.value_or("");
}

std::optional<int64_t> Request::integer(std::string_view field, int64_t min, int64_t max) {
  const json* v = find(body_, field);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) throw_wrong_type();
  int64_t value = v->get<int64_t>();
  if (value < min)
    fail(std::to_string(value), path(field),
         "Member must have value greater than or equal to " + std::to_string(min));
  else if (value > max)
    fail(std::to_string(value), path(field),
         "Member must have value less than or equal to " + std::to_string(max));
  return value;
}

std::optional<bool> Request::boolean(std::string_view field) {
  const json* v = find(body_, field);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) throw_wrong_type();
  return v->get<bool>();
}

const json* Request::list(std::string_view field) {
  const json* v = find(body_, field);
  if (v && !v->is_array()) throw_wrong_type();
  return v;
}

std::optional<std::vector<std::string>> Request::strings(std::string_view field, size_t min_items,
                                                         size_t max_items, size_t min_length,
                                                         size_t max_length, Pattern pattern) {
  const json* v = list(field);
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  for (size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    if (!item.is_string()) throw_wrong_type();
    out.push_back(item.get<std::string>());
    check_string(out.back(), path(field) + "." + std::to_string(i + 1) + ".member", min_length,
                 max_length, pattern);
  }
  if (out.size() < min_items)
    fail(v->dump(), path(field),
         "Member must have length greater than or equal to " + std::to_string(min_items));
  if (out.size() > max_items)
    fail(v->dump(), path(field),
         "Member must have length less than or equal to " + std::to_string(max_items));
  return out;
}

void Request::fail(std::string_view value, std::string_view path, std::string_view constraint) {
  failures_.push_back("Value '" + std::string(value) + "' at '" + std::string(path) +
                      "' failed to satisfy constraint: " + std::string(constraint));
}

void Request::fail_null(std::string_view path) {
  failures_.push_back("Value null at '" + std::string(path) +
                      "' failed to satisfy constraint: Member must not be null");
}

void Request::check_enum(const std::optional<std::string>& value, std::string_view path,
                         const std::vector<std::string_view>& allowed) {
  if (!value) return;
  for (auto a : allowed)
    if (*value == a) return;
  std::string set;
  for (size_t i = 0; i < allowed.size(); ++i) set += (i ? ", " : "") + std::string(allowed[i]);
  fail(*value, path, "Member must satisfy enum value set: [" + set + "]");
}

void Request::absorb(const Request& item) {
  failures_.insert(failures_.end(), item.failures_.begin(), item.failures_.end());
}

void Request::throw_if_failed() const {
  if (failures_.empty()) return;
  std::string message =
      std::to_string(failures_.size()) +
      (failures_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < failures_.size(); ++i) message += (i ? "; " : "") + failures_[i];
  throw errors::invalid_parameter(std::move(message));
}

}  // namespace localcloud::logs::api
