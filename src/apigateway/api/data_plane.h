// The data plane's edge: finds the deployed API, stage, resource and method
// for a request at one of the three addresses, runs the integration and
// writes AWS's response headers and one execution log line.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "integration/executor.h"
#include "localcloud/http/message.h"
#include "localcloud/http/sigv4.h"
#include "router/matcher.h"
#include "storage/api_store.h"

namespace localcloud::apigateway::api {

// Where a data-plane request was addressed.
struct Address {
  std::string api_id;      // empty: the default API
  std::string stage;
  std::string path;        // after the stage, leading slashes collapsed: "/users"
  std::string raw_path;    // after the stage, as sent: "//users"
};

// Parses "/{stage}{path}" (leading slashes before the stage are dropped);
// nullopt when there is no stage.
std::optional<Address> parse_stage_path(std::string_view path);

class DataPlane {
 public:
  // `iam` checks the signatures of AWS_IAM methods' requests; null: such
  // methods are open.
  DataPlane(storage::ApiStore& apis, integration::Executor& executor, std::string account_id,
            std::shared_ptr<const http::SigV4Verifier> iam = nullptr);

  void set_default(std::string id);
  // `address` as the service parsed it from the host or path. The request's
  // headers and body move on into the integration.
  void handle(http::Request request, Address address, http::Respond respond);

 private:
  std::shared_ptr<const router::Matcher> matcher_for(const model::RestApi& api,
                                                     const model::Deployment& deployment);
  std::string default_api() const;

  storage::ApiStore& apis_;
  integration::Executor& executor_;
  std::string account_id_;
  std::shared_ptr<const http::SigV4Verifier> iam_;
  mutable std::mutex default_mu_;
  std::string default_api_;
  std::shared_mutex cache_mu_;
  std::unordered_map<std::string, std::shared_ptr<const router::Matcher>> matchers_;
};

// AWS's data-plane response headers: x-amzn-RequestId, x-amz-apigw-id,
// X-Amzn-Trace-Id. Exposed for the test-invoke path and tests.
std::string new_apigw_id();
std::string new_trace_id();

}  // namespace localcloud::apigateway::api
