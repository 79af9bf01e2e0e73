// Reading CreateFunction, UpdateFunctionConfiguration and UpdateFunctionCode
// bodies: wire JSON → typed members, checked as AWS checks them
// (deserialization, then constraints collected into one ValidationException,
// then Lambda's own rules as InvalidParameterValueException).
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/validation.h"
#include "model/function.h"

namespace localcloud::lambda::api {

// The configuration members CreateFunction and UpdateFunctionConfiguration share.
struct ConfigMembers {
  std::optional<std::string> runtime, role, handler, description;
  std::optional<int> timeout, memory_size, ephemeral_storage;
  std::optional<model::Variables> environment;
  std::optional<std::string> tracing_mode, snap_start_apply_on;
  std::optional<std::string> log_format, log_group, application_log_level, system_log_level;
  std::optional<std::string> kms_key_arn, dead_letter_target_arn;
  std::vector<std::string> layers, subnet_ids, security_group_ids;
  std::optional<std::string> code_signing_config_arn;
  std::optional<std::string> revision_id;
};

// Reads the shared members, recording constraint failures in `v`. Throws
// InvalidRequestContentException for a member of the wrong JSON type.
ConfigMembers read_config_members(const nlohmann::ordered_json& body, Validator& v);

// Sets every member given onto `config`, filling dependent defaults (the
// log group, JSON log levels).
void apply(const ConfigMembers& members, model::FunctionConfig& config);

// Lambda's rules after the constraints, over the resulting configuration:
// runtime support and deprecation, handler presence, environment size and
// reserved keys, and references to things localcloud has none of (layers,
// subnets, code signing configs). Throws the matching AwsError.
void check_config(const ConfigMembers& members, const model::FunctionConfig& result);

struct CreateRequest {
  std::string function_name;  // as given (name, partial or full ARN)
  ConfigMembers members;
  std::string zip;  // the decoded package
  std::optional<std::string> architecture;
  std::map<std::string, std::string> tags;
};

// CreateFunction's body. The FunctionName is checked for its shape only;
// resolving it (region, account) is the caller's.
CreateRequest read_create_request(const nlohmann::ordered_json& body);

struct CodeRequest {
  std::string zip;
  std::optional<std::string> architecture;
  bool dry_run = false;
  std::optional<std::string> revision_id;
};

// UpdateFunctionCode's body.
CodeRequest read_code_request(const nlohmann::ordered_json& body);

}  // namespace localcloud::lambda::api
