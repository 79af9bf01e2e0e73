#include "model/function_record.h"

namespace localcloud::lambda::model {
namespace {

using nlohmann::ordered_json;

ordered_json config_to_json(const FunctionConfig& c) {
  ordered_json j = {
      {"name", c.name},
      {"runtime", c.runtime},
      {"role", c.role},
      {"handler", c.handler},
      {"description", c.description},
      {"timeout", c.timeout},
      {"memory_size", c.memory_size},
      {"architecture", c.architecture},
      {"ephemeral_storage", c.ephemeral_storage},
      {"tracing_mode", c.tracing_mode},
      {"logging",
       {{"log_format", c.logging.log_format},
        {"log_group", c.logging.log_group},
        {"application_log_level", c.logging.application_log_level},
        {"system_log_level", c.logging.system_log_level}}},
      {"snap_start_apply_on", c.snap_start_apply_on},
      {"code", {{"sha256", c.code.sha256}, {"hex", c.code.hex}, {"size", c.code.size}}},
      {"last_modified_ms", c.last_modified_ms},
      {"revision_id", c.revision_id},
  };
  if (c.environment) {
    ordered_json vars = ordered_json::array();
    for (const auto& [k, v] : *c.environment) vars.push_back({k, v});
    j["environment"] = std::move(vars);
  }
  if (c.kms_key_arn) j["kms_key_arn"] = *c.kms_key_arn;
  if (c.dead_letter_target_arn) j["dead_letter_target_arn"] = *c.dead_letter_target_arn;
  return j;
}

FunctionConfig config_from_json(const ordered_json& j) {
  FunctionConfig c;
  c.name = j.at("name");
  c.runtime = j.value("runtime", "");
  c.role = j.value("role", "");
  c.handler = j.value("handler", "");
  c.description = j.value("description", "");
  c.timeout = j.value("timeout", 3);
  c.memory_size = j.value("memory_size", 128);
  c.architecture = j.value("architecture", "x86_64");
  c.ephemeral_storage = j.value("ephemeral_storage", 512);
  c.tracing_mode = j.value("tracing_mode", "PassThrough");
  if (auto it = j.find("logging"); it != j.end()) {
    c.logging.log_format = it->value("log_format", "Text");
    c.logging.log_group = it->value("log_group", "");
    c.logging.application_log_level = it->value("application_log_level", "");
    c.logging.system_log_level = it->value("system_log_level", "");
  }
  c.snap_start_apply_on = j.value("snap_start_apply_on", "None");
  const auto& code = j.at("code");
  c.code = CodeInfo{code.at("sha256"), code.at("hex"), code.at("size")};
  c.last_modified_ms = j.value("last_modified_ms", int64_t{0});
  c.revision_id = j.value("revision_id", "");
  if (auto it = j.find("environment"); it != j.end()) {
    Variables vars;
    for (const auto& pair : *it) vars.emplace_back(pair.at(0), pair.at(1));
    c.environment = std::move(vars);
  }
  if (auto it = j.find("kms_key_arn"); it != j.end()) c.kms_key_arn = *it;
  if (auto it = j.find("dead_letter_target_arn"); it != j.end()) c.dead_letter_target_arn = *it;
  return c;
}

}  // namespace

std::string to_record(const Function& f) {
  ordered_json policy = ordered_json::array();
  for (const auto& s : f.policy) policy.push_back({{"sid", s.sid}, {"document", s.document}});
  ordered_json j = {{"config", config_to_json(f.config)}, {"tags", f.tags}, {"policy", policy}};
  if (f.reserved_concurrency) j["reserved_concurrency"] = *f.reserved_concurrency;
  return j.dump();
}

Function from_record(std::string_view record) {
  auto j = ordered_json::parse(record);
  Function f;
  f.config = config_from_json(j.at("config"));
  if (auto it = j.find("tags"); it != j.end())
    for (const auto& [k, v] : it->items()) f.tags[k] = v;
  if (auto it = j.find("policy"); it != j.end())
    for (const auto& s : *it) f.policy.push_back(PolicyStatement{s.at("sid"), s.at("document")});
  if (auto it = j.find("reserved_concurrency"); it != j.end()) f.reserved_concurrency = *it;
  return f;
}

}  // namespace localcloud::lambda::model
