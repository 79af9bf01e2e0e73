#include "api/function_request.h"

#include <array>
#include <nlohmann/json.hpp>

#include "code/base64.h"
#include "errors.h"
#include "model/names.h"
#include "model/runtimes.h"

namespace localcloud::lambda::api {
namespace {

using json = nlohmann::ordered_json;

// AWS's limits for a function's settings.
constexpr int64_t kMaxTimeout = 900;
constexpr int64_t kMinMemory = 128, kMaxMemory = 10240;
constexpr int64_t kMinEphemeral = 512, kMaxEphemeral = 10240;
constexpr size_t kMaxEnvironmentBytes = 4096;
constexpr size_t kMaxZipBytes = 52428800;

constexpr std::array<std::string_view, 16> kReservedVariables = {
    "_HANDLER", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"};

std::optional<int> read_int(const json& body, std::string_view field, Validator& v,
                            std::string_view path, std::optional<int64_t> min,
                            std::optional<int64_t> max) {
  auto value = int_member(body, field);
  if (!value) return std::nullopt;
  v.check_range(*value, path, min, max);
  return static_cast<int>(std::clamp<int64_t>(*value, INT32_MIN, INT32_MAX));
}

std::vector<std::string> string_list(const json& object, std::string_view field) {
  std::vector<std::string> out;
  if (const json* list = member(object, field, Shape::kList))
    for (const auto& item : *list) {
      if (!item.is_string()) throw_unparseable("Cannot deserialize value of type `java.lang.String`");
      out.push_back(item.get<std::string>());
    }
  return out;
}

// "[a, b]", the way AWS prints a list value in its messages.
std::string list_text(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

std::optional<model::Variables> read_environment(const json& body, Validator& v) {
  const json* env = member(body, "Environment", Shape::kStruct);
  if (!env) return std::nullopt;
  model::Variables vars;
  if (const json* map = member(*env, "Variables", Shape::kMap)) {
    bool bad_key = false;
    for (const auto& [key, value] : map->items()) {
      if (!value.is_string())
        throw_unparseable("Cannot deserialize value of type `java.lang.String`");
      if (!is_env_key(key)) bad_key = true;
      vars.emplace_back(key, value.get<std::string>());
    }
    if (bad_key)
      v.fail_sensitive("environment.variables",
                       "Map keys must satisfy constraint: [Member must satisfy regular expression "
                       "pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
  }
  return vars;
}

std::optional<std::string> read_architecture(const json& body, Validator& v) {
  if (!member(body, "Architectures", Shape::kList)) return std::nullopt;
  auto list = string_list(body, "Architectures");
  if (list.empty()) {
    v.fail("[]", "architectures", "Member must have length greater than or equal to 1");
  } else if (list.size() > 1) {
    v.fail(list_text(list), "architectures", "Member must have length less than or equal to 1");
  } else if (list[0] != "x86_64" && list[0] != "arm64") {
    v.fail(list_text(list), "architectures",
           "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], "
           "Member must not be null]");
  } else {
    return list[0];
  }
  return std::nullopt;
}

// The decoded Code.ZipFile (or UpdateFunctionCode's ZipFile) member.
std::optional<std::string> read_zip(const json& object) {
  auto encoded = string_member(object, "ZipFile");
  if (!encoded) return std::nullopt;
  std::string zip;
  try {
    zip = code::base64_decode(*encoded);
  } catch (const std::invalid_argument&) {
    throw_unparseable("Cannot access contents of TextNode as binary due to broken Base64 encoding");
  }
  if (zip.size() > kMaxZipBytes)
    throw errors::request_entity_too_large("Zipped size must be smaller than " +
                                           std::to_string(kMaxZipBytes) + " bytes");
  return zip;
}

// S3 sources: localcloud has no S3, so every bucket is one AWS would not find.
[[noreturn]] void throw_no_bucket() {
  throw errors::invalid_parameter(
      "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The "
      "specified bucket does not exist");
}

}  // namespace

ConfigMembers read_config_members(const json& body, Validator& v) {
  ConfigMembers m;
  m.runtime = string_member(body, "Runtime");
  m.role = string_member(body, "Role");
  if (m.role) v.check_pattern(*m.role, "role", model::is_role_arn(*m.role), model::kRolePattern);
  m.handler = string_member(body, "Handler");
  if (m.handler) {
    v.check_length(*m.handler, "handler", 0, 128);
    if (!m.handler->empty())
      v.check_pattern(*m.handler, "handler", has_no_whitespace(*m.handler), "[^\\s]+");
  }
  m.description = string_member(body, "Description");
  if (m.description) v.check_length(*m.description, "description", 0, 256);
  m.timeout = read_int(body, "Timeout", v, "timeout", 1, kMaxTimeout);
  m.memory_size = read_int(body, "MemorySize", v, "memorySize", kMinMemory, kMaxMemory);
  m.environment = read_environment(body, v);
  if (const json* tracing = member(body, "TracingConfig", Shape::kStruct)) {
    m.tracing_mode = string_member(*tracing, "Mode");
    if (m.tracing_mode) v.check_enum(*m.tracing_mode, "tracingConfig.mode", {"Active", "PassThrough"});
  }
  if (const json* storage = member(body, "EphemeralStorage", Shape::kStruct)) {
    m.ephemeral_storage =
        read_int(*storage, "Size", v, "ephemeralStorage.size", kMinEphemeral, kMaxEphemeral);
    if (!m.ephemeral_storage) v.fail_null("ephemeralStorage.size");
  }
  if (const json* snap = member(body, "SnapStart", Shape::kStruct)) {
    m.snap_start_apply_on = string_member(*snap, "ApplyOn");
    if (m.snap_start_apply_on)
      v.check_enum(*m.snap_start_apply_on, "snapStart.applyOn", {"PublishedVersions", "None"});
  }
  if (const json* logging = member(body, "LoggingConfig", Shape::kStruct)) {
    m.log_format = string_member(*logging, "LogFormat");
    if (m.log_format) v.check_enum(*m.log_format, "loggingConfig.logFormat", {"JSON", "Text"});
    m.application_log_level = string_member(*logging, "ApplicationLogLevel");
    if (m.application_log_level)
      v.check_enum(*m.application_log_level, "loggingConfig.applicationLogLevel",
                   {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"});
    m.system_log_level = string_member(*logging, "SystemLogLevel");
    if (m.system_log_level)
      v.check_enum(*m.system_log_level, "loggingConfig.systemLogLevel", {"DEBUG", "INFO", "WARN"});
    m.log_group = string_member(*logging, "LogGroup");
    if (m.log_group) v.check_length(*m.log_group, "loggingConfig.logGroup", 1, 512);
  }
  m.kms_key_arn = string_member(body, "KMSKeyArn");
  if (const json* dlq = member(body, "DeadLetterConfig", Shape::kStruct))
    m.dead_letter_target_arn = string_member(*dlq, "TargetArn");
  m.layers = string_list(body, "Layers");
  if (const json* vpc = member(body, "VpcConfig", Shape::kStruct)) {
    m.subnet_ids = string_list(*vpc, "SubnetIds");
    m.security_group_ids = string_list(*vpc, "SecurityGroupIds");
  }
  m.code_signing_config_arn = string_member(body, "CodeSigningConfigArn");
  m.revision_id = string_member(body, "RevisionId");
  return m;
}

void apply(const ConfigMembers& m, model::FunctionConfig& c) {
  if (m.runtime) c.runtime = *m.runtime;
  if (m.role) c.role = *m.role;
  if (m.handler) c.handler = *m.handler;
  if (m.description) c.description = *m.description;
  if (m.timeout) c.timeout = *m.timeout;
  if (m.memory_size) c.memory_size = *m.memory_size;
  if (m.environment) c.environment = *m.environment;
  if (m.tracing_mode) c.tracing_mode = *m.tracing_mode;
  if (m.ephemeral_storage) c.ephemeral_storage = *m.ephemeral_storage;
  if (m.snap_start_apply_on) c.snap_start_apply_on = *m.snap_start_apply_on;
  if (m.kms_key_arn) c.kms_key_arn = *m.kms_key_arn;
  if (m.dead_letter_target_arn) c.dead_letter_target_arn = *m.dead_letter_target_arn;
  auto& log = c.logging;
  if (m.log_format) log.log_format = *m.log_format;
  if (m.log_group) log.log_group = *m.log_group;
  if (log.log_group.empty()) log.log_group = "/aws/lambda/" + c.name;
  if (log.log_format == "JSON") {
    if (m.application_log_level) log.application_log_level = *m.application_log_level;
    if (m.system_log_level) log.system_log_level = *m.system_log_level;
    if (log.application_log_level.empty()) log.application_log_level = "INFO";
    if (log.system_log_level.empty()) log.system_log_level = "INFO";
  } else {
    log.application_log_level.clear();
    log.system_log_level.clear();
  }
}

void check_config(const ConfigMembers& m, const model::FunctionConfig& c) {
  if (m.runtime && !model::find_runtime(*m.runtime)) {
    if (model::is_deprecated_runtime(*m.runtime))
      throw errors::invalid_parameter(
          "The runtime parameter of " + *m.runtime +
          " is no longer supported for creating or updating AWS Lambda functions. We recommend "
          "you use a supported runtime while creating or updating functions.");
    throw errors::invalid_parameter("Value " + *m.runtime +
                                    " at 'runtime' failed to satisfy constraint: Member must "
                                    "satisfy enum value set: " +
                                    model::accepted_runtimes_text() + " or be a valid ARN");
  }
  if (c.runtime.empty())
    throw errors::invalid_parameter("Runtime is required for Zip package type functions.");
  if (c.handler.empty() && model::runtime_needs_handler(c.runtime))
    throw errors::invalid_parameter("Handler is required for Zip package type functions.");
  if (m.environment) {
    json measured = json::object();
    std::string reserved;
    for (const auto& [key, value] : *m.environment) {
      measured[key] = value;
      if (std::find(kReservedVariables.begin(), kReservedVariables.end(), key) !=
          kReservedVariables.end())
        reserved += (reserved.empty() ? "" : ", ") + key;
    }
    if (!reserved.empty())
      throw errors::invalid_parameter(
          "Lambda was unable to configure your environment variables because the environment "
          "variables you have provided contains reserved keys that are currently not supported "
          "for modification. Reserved keys used in this request: " + reserved);
    std::string text = measured.dump();
    if (text.size() > kMaxEnvironmentBytes)
      throw errors::invalid_parameter(
          "Lambda was unable to configure your environment variables because the environment "
          "variables you have provided exceeded the 4KB limit. String measured: " + text);
  }
  // References to resources localcloud has none of get the answers AWS
  // gives for resources that do not exist.
  if (!m.layers.empty())
    throw errors::invalid_parameter("Layer version " + m.layers.front() + " does not exist.");
  if (!m.subnet_ids.empty())
    throw errors::invalid_parameter(
        "Error occurred while DescribeSubnets. EC2 Error Code: InvalidSubnetID.NotFound. EC2 Error "
        "Message: The subnet ID '" + m.subnet_ids.front() + "' does not exist");
  if (!m.security_group_ids.empty())
    throw errors::invalid_parameter(
        "Error occurred while DescribeSecurityGroups. EC2 Error Code: InvalidGroup.NotFound. EC2 "
        "Error Message: The security group '" + m.security_group_ids.front() + "' does not exist");
  if (m.code_signing_config_arn)
    throw errors::user_error(404, "CodeSigningConfigNotFoundException",
                             "The code signing configuration cannot be found. Check that the "
                             "provided configuration is not deleted: " +
                                 *m.code_signing_config_arn + ".");
}

CreateRequest read_create_request(const json& body) {
  CreateRequest r;
  Validator v;
  auto name = string_member(body, "FunctionName");
  if (!name) {
    v.fail_null("functionName");
  } else {
    size_t max = model::function_name_max_length(model::NameForm::kPlain);
    if (name->empty() || name->size() > max) v.check_length(*name, "functionName", 1, max);
    v.check_pattern(*name, "functionName",
                    model::parse_function_name(*name, model::NameForm::kPlain).has_value(),
                    model::function_name_pattern(model::NameForm::kPlain));
    r.function_name = *name;
  }
  if (!body.contains("Role") || body["Role"].is_null()) v.fail_null("role");
  const json* code = member(body, "Code", Shape::kStruct);
  if (!code) v.fail_null("code");
  auto package_type = string_member(body, "PackageType");
  if (package_type) v.check_enum(*package_type, "packageType", {"Zip", "Image"});
  r.members = read_config_members(body, v);
  r.architecture = read_architecture(body, v);
  if (const json* tags = member(body, "Tags", Shape::kMap))
    for (const auto& [key, value] : tags->items()) {
      if (!value.is_string()) throw_unparseable("Cannot deserialize value of type `java.lang.String`");
      r.tags[key] = value.get<std::string>();
    }
  bool_member(body, "Publish");  // versions come later; $LATEST is what we answer
  v.throw_if_failed();
  if (r.tags.size() > 50)
    throw errors::invalid_parameter("Number of tags exceeds resource tag limit.");

  if (package_type == "Image")
    throw errors::invalid_parameter(
        "localcloud runs Zip packages only: container images (PackageType Image) are not "
        "supported.");
  if (auto zip = read_zip(*code)) {
    r.zip = std::move(*zip);
  } else if (code->contains("S3Bucket")) {
    throw_no_bucket();
  } else {
    throw errors::invalid_parameter("Please provide a source for function code.");
  }
  return r;
}

CodeRequest read_code_request(const json& body) {
  CodeRequest r;
  Validator v;
  r.architecture = read_architecture(body, v);
  r.dry_run = bool_member(body, "DryRun").value_or(false);
  r.revision_id = string_member(body, "RevisionId");
  bool_member(body, "Publish");
  v.throw_if_failed();
  if (auto zip = read_zip(body)) {
    r.zip = std::move(*zip);
  } else if (body.contains("S3Bucket")) {
    throw_no_bucket();
  } else if (body.contains("ImageUri")) {
    throw errors::invalid_parameter(
        "Please don't provide ImageUri when updating a function with packageType Zip.");
  } else {
    throw errors::invalid_parameter("Please provide a source for function code.");
  }
  return r;
}

}  // namespace localcloud::lambda::api
