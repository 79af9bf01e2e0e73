#include "health_service.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "localcloud/core/version.h"

namespace localcloud::app {

HealthService::HealthService(const http::Router& router)
    : router_(router), started_(std::chrono::steady_clock::now()) {}

std::vector<http::Route> HealthService::routes() const {
  return {{http::Route::Kind::kPathPrefix, "/_localcloud/"}};
}

void HealthService::handle(http::Request request, http::Respond respond) {
  if (request.path() != "/_localcloud/health") {
    return respond(http::Response::with_body(404, "application/json",
                                             R"({"message":"Not Found"})"));
  }
  if (request.method != "GET" && request.method != "HEAD") {
    return respond(http::Response::with_body(405, "application/json",
                                             R"({"message":"Method Not Allowed"})"));
  }
  auto uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_);
  nlohmann::json services = nlohmann::json::object();
  for (const auto& s : router_.services())
    if (s.get() != this) services[std::string(s->name())] = s->state();
  nlohmann::json body = {{"status", "running"},
                         {"version", kVersion},
                         {"uptime_seconds", std::round(uptime.count() * 1000) / 1000},
                         {"services", services}};
  respond(http::Response::with_body(200, "application/json", body.dump()));
}

}  // namespace localcloud::app
