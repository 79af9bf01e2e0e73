// A Lambda function as localcloud keeps it: the $LATEST configuration, its
// code's identity, tags, resource policy and reserved concurrency.
//
// Plain values with no wire format: api/ renders them in AWS's shapes,
// storage/ persists them (function_record.h). Functions are shared as
// immutable snapshots (FunctionPtr); a change makes a new snapshot.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace localcloud::lambda::model {

inline constexpr const char* kLatest = "$LATEST";

// Environment variables in the order the caller gave them (AWS measures
// its 4 KB limit over that order).
using Variables = std::vector<std::pair<std::string, std::string>>;

struct LoggingConfig {
  std::string log_format = "Text";  // "Text" or "JSON"
  std::string log_group;            // "/aws/lambda/<name>" unless set
  // Only meaningful (and only shown) with the JSON format.
  std::string application_log_level;
  std::string system_log_level;
};

// Identity of an uploaded deployment package.
struct CodeInfo {
  std::string sha256;  // base64 SHA-256 of the zip, AWS's CodeSha256
  std::string hex;     // the same digest in hex: the code directory's name
  int64_t size = 0;    // bytes of the zip, AWS's CodeSize
};

struct FunctionConfig {
  std::string name;
  std::string runtime;
  std::string role;
  std::string handler;
  std::string description;
  int timeout = 3;         // seconds, 1..900
  int memory_size = 128;   // MB, 128..10240
  std::optional<Variables> environment;  // shown only when set
  std::string architecture = "x86_64";
  int ephemeral_storage = 512;  // MB of /tmp
  std::string tracing_mode = "PassThrough";
  LoggingConfig logging;
  std::string snap_start_apply_on = "None";
  std::optional<std::string> kms_key_arn;
  std::optional<std::string> dead_letter_target_arn;
  CodeInfo code;
  int64_t last_modified_ms = 0;  // Unix epoch milliseconds
  std::string revision_id;       // a UUID, new on every change
};

// One statement of the function's resource policy, kept as the IAM JSON
// AWS returns (Sid, Effect, Principal, Action, Resource, Condition).
struct PolicyStatement {
  std::string sid;
  nlohmann::ordered_json document;
};

struct Function {
  int64_t id = 0;  // SQLite's id; never reused, so a recreated function is new
  FunctionConfig config;
  std::map<std::string, std::string> tags;
  std::vector<PolicyStatement> policy;  // in the order statements were added
  std::optional<int> reserved_concurrency;
};

using FunctionPtr = std::shared_ptr<const Function>;

}  // namespace localcloud::lambda::model
