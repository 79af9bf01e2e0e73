// Reading a Logs request body: members by name and shape, checked against
// the API's constraints, with AWS's messages. Constraint failures are
// collected and thrown together as InvalidParameterException:
//   "2 validation errors detected: Value 'a:b' at 'logGroupName' failed to
//    satisfy constraint: Member must satisfy regular expression pattern:
//    [\.\-_/#A-Za-z0-9]+; Value ..."
// A member of the wrong JSON type is a SerializationException at once, as
// AWS's deserializer finds it before any constraint.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localcloud::logs::api {

// The patterns names must satisfy, as AWS words them in messages.
enum class Pattern {
  kNone,
  kGroupName,        // [\.\-_/#A-Za-z0-9]+
  kGroupNameSearch,  // [\.\-_/#A-Za-z0-9]*
  kStreamName,       // [^:*]*
  kGroupIdentifier,  // [\w#+=/:,.@-]*
};

class Request {
 public:
  // `path` prefixes member names in messages, for members of list items
  // ("logEvents.1.member.").
  explicit Request(const nlohmann::json& body, std::string path = "")
      : body_(body), path_(std::move(path)) {}

  std::optional<std::string> string(std::string_view field, size_t min_length, size_t max_length,
                                    Pattern pattern = Pattern::kNone);
  // As string(), and records "must not be null" when absent.
  std::string required_string(std::string_view field, size_t min_length, size_t max_length,
                              Pattern pattern = Pattern::kNone);
  std::optional<int64_t> integer(std::string_view field, int64_t min, int64_t max);
  std::optional<bool> boolean(std::string_view field);
  // A list of strings, each checked as string() does (path "field.N.member").
  std::optional<std::vector<std::string>> strings(std::string_view field, size_t min_items,
                                                  size_t max_items, size_t min_length,
                                                  size_t max_length, Pattern pattern);
  // The raw list member (shape-checked), or null when absent.
  const nlohmann::json* list(std::string_view field);

  // "Value '<value>' at '<path>' failed to satisfy constraint: <constraint>"
  void fail(std::string_view value, std::string_view path, std::string_view constraint);
  void fail_null(std::string_view path);
  // Checks `value` against an enum; records AWS's "enum value set" failure.
  void check_enum(const std::optional<std::string>& value, std::string_view path,
                  const std::vector<std::string_view>& allowed);

  // Takes over the failures `item` recorded.
  void absorb(const Request& item);

  // Throws InvalidParameterException listing the failures, if any.
  void throw_if_failed() const;

  const nlohmann::json& body() const { return body_; }

 private:
  void check_string(const std::string& value, std::string_view path, size_t min_length,
                    size_t max_length, Pattern pattern);

  std::string path(std::string_view field) const { return path_ + std::string(field); }

  const nlohmann::json& body_;
  std::string path_;
  std::vector<std::string> failures_;
};

// Throws the SerializationException for a member of the wrong type.
[[noreturn]] void throw_wrong_type();

}  // namespace localcloud::logs::api
