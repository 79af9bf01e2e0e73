#include "api/data_plane.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "localcloud/core/ids.h"

namespace localcloud::apigateway::api {
namespace {

constexpr size_t kMaxPayload = 10 * 1024 * 1024;

int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void send(const http::Respond& respond, integration::Result r, const std::string& apigw_id,
          const std::string& trace_id) {
  http::Response out;
  out.status = r.status;
  out.headers = std::move(r.headers);
  out.headers.set("x-amz-apigw-id", apigw_id);
  if (!out.headers.contains("x-amzn-trace-id")) out.headers.add("X-Amzn-Trace-Id", trace_id);
  out.body = std::move(r.body);
  respond(std::move(out));
}

}  // namespace

std::string new_apigw_id() { return ids::lower_alnum(15) + "="; }

std::string new_trace_id() {
  char secs[9];
  std::snprintf(secs, sizeof secs, "%08llx",
                static_cast<unsigned long long>(epoch_ms() / 1000) & 0xffffffffULL);
  std::string random = ids::uuid4();
  std::erase(random, '-');
  return std::string("Root=1-") + secs + "-" + random.substr(0, 24);
}

std::optional<Address> parse_stage_path(std::string_view path) {
  while (path.starts_with('/')) path.remove_prefix(1);
  if (path.empty()) return std::nullopt;
  size_t slash = path.find('/');
  Address a;
  a.stage = std::string(path.substr(0, slash));
  a.raw_path = slash == std::string_view::npos ? "" : std::string(path.substr(slash));
  std::string_view rest = a.raw_path;
  while (rest.size() > 1 && rest.starts_with("//")) rest.remove_prefix(1);
  a.path = rest.empty() ? "/" : std::string(rest);
  return a;
}

DataPlane::DataPlane(storage::ApiStore& apis, integration::Executor& executor,
                     std::string account_id, std::shared_ptr<const http::SigV4Verifier> iam)
    : apis_(apis), executor_(executor), account_id_(std::move(account_id)), iam_(std::move(iam)) {}

void DataPlane::set_default(std::string id) {
  std::lock_guard lock(default_mu_);
  default_api_ = std::move(id);
}

std::string DataPlane::default_api() const {
  {
    std::lock_guard lock(default_mu_);
    if (!default_api_.empty()) return default_api_;
  }
  auto all = apis_.all();
  return all.size() == 1 ? all.front()->id : "";
}

std::shared_ptr<const router::Matcher> DataPlane::matcher_for(const model::RestApi& api,
                                                              const model::Deployment& d) {
  std::string key = api.id + "/" + d.id;
  {
    std::shared_lock lock(cache_mu_);
    if (auto it = matchers_.find(key); it != matchers_.end()) return it->second;
  }
  auto m = std::make_shared<const router::Matcher>(d.snapshot);
  std::unique_lock lock(cache_mu_);
  // Deployments never change, so entries never go stale; deleted ones are
  // only dropped when the cache is reset.
  if (matchers_.size() > 4096) matchers_.clear();
  return matchers_.emplace(key, std::move(m)).first->second;
}

void DataPlane::handle(http::Request request, Address address, http::Respond respond) {
  auto started = std::chrono::steady_clock::now();
  std::string apigw_id = new_apigw_id();
  std::string trace_id = new_trace_id();
  auto missing_token = [&] {
    spdlog::info("{} apigateway {} {} {} {} -> 403 (no deployed resource or method)", request.id,
                 address.api_id.empty() ? "-" : address.api_id, address.stage, request.method,
                 address.path);
    send(respond,
         integration::gateway_error(403, "MissingAuthenticationTokenException",
                                    "Missing Authentication Token"),
         apigw_id, trace_id);
  };
  if (address.api_id.empty()) address.api_id = default_api();
  auto api = address.api_id.empty() ? nullptr : apis_.find(address.api_id);
  if (!api) return missing_token();
  auto stage = api->stages.find(address.stage);
  if (stage == api->stages.end()) return missing_token();
  auto deployment = api->deployments.find(stage->second.deployment_id);
  if (deployment == api->deployments.end() || !deployment->second.snapshot) return missing_token();
  auto matcher = matcher_for(*api, deployment->second);
  auto match = matcher->match(address.path, request.method);
  if (!match || !match->method || !match->method->integration) return missing_token();
  if (iam_ && match->method->authorization_type == "AWS_IAM") {
    if (auto problem = iam_->verify(request, std::chrono::minutes(5))) {
      static constexpr std::string_view kMissing = "Missing Authentication Token";
      static constexpr std::string_view kUnknownKey =
          "The security token included in the request is invalid.";
      static constexpr std::string_view kMismatch =
          "The request signature we calculated does not match the signature you provided. "
          "Check your AWS Secret Access Key and signing method. Consult the service "
          "documentation for details.";
      using Kind = http::SignatureProblem::Kind;
      std::string_view message = problem->message;  // kIncomplete, kExpired
      if (problem->kind == Kind::kMissing) message = kMissing;
      if (problem->kind == Kind::kUnknownKey) message = kUnknownKey;
      if (problem->kind == Kind::kMismatch) message = kMismatch;
      return send(respond,
                  integration::gateway_error(403, http::error_code(problem->kind), message),
                  apigw_id, trace_id);
    }
  }
  if (request.body.size() > kMaxPayload)
    return send(respond, integration::gateway_error(413, "RequestTooLargeException", "Request Too Long"),
                apigw_id, trace_id);

  integration::Invocation inv;
  auto& info = inv.request;
  info.http_method = request.method;
  info.path = address.path;
  info.context_path = "/" + address.stage + address.raw_path;
  info.query = std::string(request.query());
  info.domain_name = std::string(request.host());  // before the headers move
  info.headers = std::move(request.headers);
  if (!info.headers.contains("x-amzn-trace-id")) info.headers.add("X-Amzn-Trace-Id", trace_id);
  if (!info.headers.contains("x-forwarded-for"))
    info.headers.add("X-Forwarded-For", request.remote_address);
  if (!info.headers.contains("x-forwarded-proto")) info.headers.add("X-Forwarded-Proto", "http");
  info.body = std::move(request.body);
  info.source_ip = request.remote_address;
  info.request_id = request.id;
  info.extended_request_id = apigw_id;
  info.time_ms = epoch_ms();
  info.account_id = account_id_;
  info.api_id = api->id;
  info.stage = address.stage;
  info.deployment_id = deployment->second.id;
  info.resource_id = match->resource->id;
  info.resource_path = match->resource_path;
  info.path_params = std::move(match->path_params);
  info.stage_variables = stage->second.variables;
  info.binary_media_types = deployment->second.snapshot->binary_media_types;
  inv.method = match->method;
  inv.keep_alive = matcher;  // owns the snapshot `method` points into

  executor_.run(std::move(inv), [respond, apigw_id, trace_id, started, request_id = request.id,
                                 api_id = api->id, stage = address.stage,
                                 resource = match->resource_path,
                                 method = request.method](integration::Result r) {
    auto total = std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
    spdlog::info("{} apigateway {} {} {} {} -> {} (integration {} ms, total {:.3f} ms)", request_id,
                 api_id, stage, method, resource, r.status, r.integration_latency_ms,
                 total / 1000.0);
    send(respond, std::move(r), apigw_id, trace_id);
  });
}

}  // namespace localcloud::apigateway::api
