// The CloudWatch Logs service: answers `X-Amz-Target: Logs_20140328.*` over
// the JSON 1.1 protocol from a LogStore that Lambda writes to as well.
#pragma once

#include <memory>
#include <string>

#include "localcloud/http/service.h"
#include "localcloud/logs/log_store.h"

namespace localcloud::logs {

struct ServiceOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
};

// The service over `store`, which it shares with its other users.
std::shared_ptr<http::Service> make_service(std::shared_ptr<LogStore> store,
                                            ServiceOptions options = {});

}  // namespace localcloud::logs
