// Router: the front door's dispatch. Host suffix first, then X-Amz-Target
// prefix, then the longest path prefix, then the fallback service.
//
// Configure before serving; handle() is then safe from any thread.
#pragma once

#include <memory>
#include <vector>

#include "localcloud/http/service.h"
#include "localcloud/http/sigv4.h"

namespace localcloud::http {

class Router : public Handler {
 public:
  // Registers `service` under every route it declares.
  void add(std::shared_ptr<Service> service);
  void handle(Request request, Respond respond) override;

  // --require-auth: requests (not internal ones) to a service that states
  // signature rules are verified before it sees them, and refused in its
  // wire shape. Call before serving.
  void require_signatures(std::shared_ptr<const SigV4Verifier> verifier) {
    verifier_ = std::move(verifier);
  }

  const std::vector<std::shared_ptr<Service>>& services() const { return services_; }

 private:
  struct Entry {
    Route route;
    Service* service;
  };
  std::vector<std::shared_ptr<Service>> services_;
  std::vector<Entry> entries_;  // hosts, targets, then paths longest first
  Service* fallback_ = nullptr;
  std::shared_ptr<const SigV4Verifier> verifier_;  // null: nothing is checked

  // Hands `request` to `service`, or refuses it for its signature.
  void dispatch(Service& service, Request request, Respond respond);
};

}  // namespace localcloud::http
