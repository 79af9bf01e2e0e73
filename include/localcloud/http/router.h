// Router: the front door's dispatch. Host suffix first, then X-Amz-Target
// prefix, then the longest path prefix, then the fallback service.
//
// Configure before serving; handle() is then safe from any thread.
#pragma once

#include <memory>
#include <vector>

#include "localcloud/http/service.h"

namespace localcloud::http {

class Router : public Handler {
 public:
  // Registers `service` under every route it declares.
  void add(std::shared_ptr<Service> service);
  void handle(Request request, Respond respond) override;

  const std::vector<std::shared_ptr<Service>>& services() const { return services_; }

 private:
  struct Entry {
    Route route;
    Service* service;
  };
  std::vector<std::shared_ptr<Service>> services_;
  std::vector<Entry> entries_;  // hosts, targets, then paths longest first
  Service* fallback_ = nullptr;
};

}  // namespace localcloud::http
