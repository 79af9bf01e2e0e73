// examples.users: answers a Lambda proxy integration (API Gateway's AWS_PROXY) with
// a fixed JSON list of three users, the workshop's people, without reading a table.
// bench/apigateway.sh measures the gateway with it; bench/lambda_handlers/users.mjs
// is its Node.js twin and answers the very same bytes.
#include "localcloud/lambda/native.h"

using localcloud::lambda::native::Context;
using localcloud::lambda::native::Json;

namespace {

// Built once: the handler's cost should be the platform's, not JSON serialization.
const std::string& users_body() {
  static const std::string body =
      Json::array({{{"Userid", "marivera"}, {"FullName", "Martha Rivera"}},
                   {{"Userid", "nikkwolf"}, {"FullName", "Nikki Wolf"}},
                   {{"Userid", "pasantos"}, {"FullName", "Paulo Santos"}}})
          .dump();
  return body;
}

}  // namespace

LOCALCLOUD_HANDLER("examples.users", [](const Json&, Context&) -> Json {
  return Json{{"statusCode", 200},
              {"headers", {{"Content-Type", "application/json"}}},
              {"body", users_body()}};
});
