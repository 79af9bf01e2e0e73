// The API Gateway service: REST APIs' control plane (REST-JSON under
// /restapis, as `aws apigateway` speaks it), kept in the shared SQLite
// store, and the data plane that serves deployed stages at three addresses:
//   /restapis/{apiId}/{stage}/_user_request_/{path}
//   Host: {apiId}.execute-api.localhost → /{stage}/{path}
//   /{stage}/{path} for the default API (every path no other service takes).
// Lambda integrations call functions in-process through a FunctionInvoker.
#pragma once

#include <memory>
#include <string>

#include "localcloud/http/service.h"
#include "localcloud/http/sigv4.h"
#include "localcloud/lambda/invoke.h"
#include "localcloud/sqlite/store.h"

namespace localcloud::apigateway {

struct ServiceOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Threads for HTTP and HTTP_PROXY integrations (blocking calls).
  int http_threads = 4;
  // --require-auth: methods with authorizationType AWS_IAM need a request
  // signed by one of its keys. Null: every method is open.
  std::shared_ptr<const http::SigV4Verifier> iam_verifier;
};

class Service : public http::Service {
 public:
  // Makes REST API `id` the one /{stage}/{path} serves (the config loader
  // marks its API this way). Empty: the only API, when exactly one exists.
  // Not persisted; thread-safe.
  virtual void set_default_rest_api(std::string id) = 0;
};

// Migrates the store's "apigateway" schema and loads every API. `store`
// must outlive the service; `invoker` runs Lambda integrations.
std::shared_ptr<Service> make_service(sqlite::Store& store,
                                      std::shared_ptr<lambda::FunctionInvoker> invoker,
                                      ServiceOptions options = {});

}  // namespace localcloud::apigateway
