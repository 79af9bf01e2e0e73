// Request members as Lambda's front end checks them.
//
// Two stages, as in AWS: deserializing (a member of the wrong JSON type is
// an InvalidRequestContentException at once), then constraints, collected
// and thrown together as "N validation error(s) detected: Value '<v>' at
// '<path>' failed to satisfy constraint: ...; ...".
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localcloud::lambda::api {

enum class Shape { kString, kInteger, kBoolean, kList, kStruct, kMap };

// The member `field` of `object` if present and not null, after checking
// its shape; null when absent.
const nlohmann::ordered_json* member(const nlohmann::ordered_json& object, std::string_view field, Shape shape);

std::optional<std::string> string_member(const nlohmann::ordered_json& object, std::string_view field);
std::optional<int64_t> int_member(const nlohmann::ordered_json& object, std::string_view field);
std::optional<bool> bool_member(const nlohmann::ordered_json& object, std::string_view field);

// "Could not parse request body into json: Could not parse payload into json: <detail>"
[[noreturn]] void throw_unparseable(std::string_view detail);

class Validator {
 public:
  // Records "Value '<value>' at '<path>' failed to satisfy constraint: <constraint>".
  void fail(std::string_view value, std::string_view path, std::string_view constraint);
  // Records "Value null at '<path>' failed to satisfy constraint: Member must not be null".
  void fail_null(std::string_view path);
  // Records a failure of a sensitive member, whose value AWS never echoes:
  // "Value at '<path>' failed to satisfy constraint: <constraint>".
  void fail_sensitive(std::string_view path, std::string_view constraint);

  // Range and length checks, recording AWS's texts on failure.
  void check_range(int64_t value, std::string_view path, std::optional<int64_t> min,
                   std::optional<int64_t> max);
  void check_length(std::string_view value, std::string_view path, size_t min, size_t max);
  void check_pattern(std::string_view value, std::string_view path, bool matches,
                     std::string_view pattern);
  void check_enum(std::string_view value, std::string_view path,
                  std::initializer_list<std::string_view> allowed);

  bool failed() const { return !failures_.empty(); }
  // "N validation error(s) detected: ..." for everything recorded.
  std::string message() const;
  // Throws ValidationException listing every recorded failure, if any.
  void throw_if_failed() const;

 private:
  std::vector<std::string> failures_;
};

// Character-class helpers for AWS's simple patterns.
bool all_word_chars(std::string_view s);  // [a-zA-Z0-9-_]+
bool is_env_key(std::string_view s);      // [a-zA-Z]([a-zA-Z0-9_])+
bool has_no_whitespace(std::string_view s);  // [^\s]+

}  // namespace localcloud::lambda::api
