// Request field validation with DynamoDB's message format:
// "2 validation errors detected: Value 'x' at 'limit' failed to satisfy
// constraint: Member must ...; Value ...". Type mismatches, which AWS finds
// while deserializing, throw SerializationException at once.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localcloud::dynamodb::api {

// Table and index names: 3..255 characters of [a-zA-Z0-9_.-].
inline constexpr std::string_view kTableNamePattern = "[a-zA-Z0-9_.-]+";

// Throws the SerializationException AWS's deserializer gives when `value`
// has the wrong JSON type; `wanted` as AWS words it ("an Integer", "an String").
[[noreturn]] void throw_wrong_type(const nlohmann::json& value, std::string_view wanted);

// The JSON shape a request member must have; a mismatch is a
// SerializationException, found before any constraint is checked.
enum class Shape { kString, kInteger, kLong, kBoolean, kList, kStruct, kMap };

// The member `field` of `object` if present and not null, after checking
// its shape; null when absent.
const nlohmann::json* member(const nlohmann::json& object, std::string_view field, Shape shape);

class Validator {
 public:
  // `field` is the JSON member; `path` is how AWS names it in messages
  // (lowerCamelCase, e.g. "exclusiveStartTableName").
  std::optional<int64_t> optional_int(const nlohmann::json& input, std::string_view field,
                                      std::string_view path, int64_t min, int64_t max);
  std::optional<std::string> optional_string(const nlohmann::json& input, std::string_view field,
                                             std::string_view path, size_t min_length,
                                             size_t max_length,
                                             std::string_view name_pattern = {});
  std::optional<std::string> required_string(const nlohmann::json& input, std::string_view field,
                                             std::string_view path, size_t min_length,
                                             size_t max_length,
                                             std::string_view name_pattern = {});

  // Records a constraint failure: "Value '<value>' at '<path>' failed to
  // satisfy constraint: <constraint>".
  void fail(std::string_view value, std::string_view path, std::string_view constraint);

  // Records "Value null at '<path>' failed to satisfy constraint: Member must not be null".
  void fail_null(std::string_view path);

  // Throws ValidationException listing every recorded failure, if any.
  void throw_if_failed() const;

 private:
  std::vector<std::string> failures_;
};

}  // namespace localcloud::dynamodb::api
