#include "api/render.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "model/names.h"

namespace localcloud::lambda::api {
namespace {

using json = nlohmann::ordered_json;

// 64-bit FNV-1a of `text` mixed with `seed`: four of them make a stable
// 64-hex-digit id shaped like AWS's runtime version hashes.
uint64_t fnv1a(std::string_view text, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string arn_of(const Context& ctx, std::string_view name, std::string_view qualifier) {
  return model::function_arn(ctx.options.region, ctx.options.account_id, name, qualifier);
}

std::string format_last_modified(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return buf;
}

std::string runtime_version_arn(std::string_view region, std::string_view runtime) {
  std::string hex;
  for (uint64_t seed = 0; seed < 4; ++seed) {
    char part[17];
    std::snprintf(part, sizeof part, "%016llx",
                  static_cast<unsigned long long>(fnv1a(runtime, seed * 0x9E3779B97F4A7C15ULL)));
    hex += part;
  }
  return "arn:aws:lambda:" + std::string(region) + "::runtime:" + hex;
}

json render_configuration(const Context& ctx, const model::FunctionConfig& c, ConfigView view,
                          bool qualified_arn) {
  json out = {
      {"FunctionName", c.name},
      {"FunctionArn", arn_of(ctx, c.name, qualified_arn ? model::kLatest : "")},
      {"Runtime", c.runtime},
      {"Role", c.role},
      {"Handler", c.handler},
      {"CodeSize", c.code.size},
      {"Description", c.description},
      {"Timeout", c.timeout},
      {"MemorySize", c.memory_size},
      {"LastModified", format_last_modified(c.last_modified_ms)},
      {"CodeSha256", c.code.sha256},
      {"Version", model::kLatest},
  };
  if (c.environment) {
    json vars = json::object();
    for (const auto& [key, value] : *c.environment) vars[key] = value;
    out["Environment"] = {{"Variables", std::move(vars)}};
  }
  if (c.kms_key_arn) out["KMSKeyArn"] = *c.kms_key_arn;
  if (c.dead_letter_target_arn) out["DeadLetterConfig"] = {{"TargetArn", *c.dead_letter_target_arn}};
  out["TracingConfig"] = {{"Mode", c.tracing_mode}};
  out["RevisionId"] = c.revision_id;
  if (view == ConfigView::kFull) {
    // The golden recordings show CreateFunction answering State "Pending"
    // and updates "InProgress": AWS prepares functions asynchronously.
    // localcloud's functions are ready when the call returns, so (per the
    // Lambda issue) every response says so: clients and waiters proceed
    // at once.
    out["State"] = "Active";
    out["LastUpdateStatus"] = "Successful";
  }
  out["PackageType"] = "Zip";
  out["Architectures"] = json::array({c.architecture});
  out["EphemeralStorage"] = {{"Size", c.ephemeral_storage}};
  out["SnapStart"] = {{"ApplyOn", c.snap_start_apply_on}, {"OptimizationStatus", "Off"}};
  if (view == ConfigView::kFull)
    out["RuntimeVersionConfig"] = {
        {"RuntimeVersionArn", runtime_version_arn(ctx.options.region, c.runtime)}};
  json logging = {{"LogFormat", c.logging.log_format}};
  if (!c.logging.application_log_level.empty())
    logging["ApplicationLogLevel"] = c.logging.application_log_level;
  if (!c.logging.system_log_level.empty()) logging["SystemLogLevel"] = c.logging.system_log_level;
  logging["LogGroup"] = c.logging.log_group;
  out["LoggingConfig"] = std::move(logging);
  return out;
}

json render_function(const Context& ctx, const Call& call, const model::Function& f) {
  const auto& c = f.config;
  json out = {
      {"Configuration", render_configuration(ctx, c, ConfigView::kFull)},
      {"Code",
       {{"RepositoryType", "S3"},
        {"Location", "http://" + call.host + "/_localcloud/lambda/code/" + c.name + "/" +
                         c.code.hex + ".zip"}}},
  };
  if (!f.tags.empty()) out["Tags"] = f.tags;
  if (f.reserved_concurrency)
    out["Concurrency"] = {{"ReservedConcurrentExecutions", *f.reserved_concurrency}};
  return out;
}

}  // namespace localcloud::lambda::api
