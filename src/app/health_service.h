// GET /_localcloud/health: version, uptime and every service with its state.
#pragma once

#include <chrono>
#include <memory>

#include "localcloud/http/router.h"

namespace localcloud::app {

class HealthService final : public http::Service {
 public:
  // `router` lists the services to report; it must outlive this service.
  explicit HealthService(const http::Router& router);

  std::string_view name() const override { return "health"; }
  std::vector<http::Route> routes() const override;
  void handle(http::Request request, http::Respond respond) override;

 private:
  const http::Router& router_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace localcloud::app
