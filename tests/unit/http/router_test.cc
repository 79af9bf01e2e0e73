#include "localcloud/http/router.h"

#include <gtest/gtest.h>

namespace localcloud::http {
namespace {

// A service that answers with its own name.
class NamedService : public Service {
 public:
  NamedService(std::string name, std::vector<Route> routes)
      : name_(std::move(name)), routes_(std::move(routes)) {}
  std::string_view name() const override { return name_; }
  std::vector<Route> routes() const override { return routes_; }
  void handle(Request, Respond respond) override {
    respond(Response::with_body(200, "text/plain", name_));
  }

 private:
  std::string name_;
  std::vector<Route> routes_;
};

std::string dispatch(Router& router, std::string method, std::string target,
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request req;
  req.method = std::move(method);
  req.target = std::move(target);
  for (auto& [k, v] : headers) req.headers.add(k, v);
  std::string out;
  router.handle(std::move(req), [&](Response r) { out = std::to_string(r.status) + " " + r.body; });
  return out;
}

TEST(Router, DispatchesByHostThenTargetThenLongestPathThenFallback) {
  using K = Route::Kind;
  Router router;
  router.add(std::make_shared<NamedService>("dynamodb", std::vector<Route>{{K::kTargetPrefix, "DynamoDB_20120810."}}));
  router.add(std::make_shared<NamedService>("logs", std::vector<Route>{{K::kTargetPrefix, "Logs_20140328."}}));
  router.add(std::make_shared<NamedService>("lambda", std::vector<Route>{{K::kPathPrefix, "/2015-03-31/functions"}}));
  router.add(std::make_shared<NamedService>("apigateway-control", std::vector<Route>{{K::kPathPrefix, "/restapis"}}));
  router.add(std::make_shared<NamedService>("apigateway-invoke", std::vector<Route>{{K::kPathPrefix, "/restapis/"}, {K::kHostSuffix, ".execute-api.localhost"}, {K::kFallback, ""}}));

  struct Case {
    std::string method, target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string expected;
  };
  const Case cases[] = {
      {"POST", "/", {{"X-Amz-Target", "DynamoDB_20120810.GetItem"}}, "200 dynamodb"},
      {"POST", "/", {{"x-amz-target", "Logs_20140328.GetLogEvents"}}, "200 logs"},
      {"GET", "/2015-03-31/functions/f", {}, "200 lambda"},
      {"GET", "/restapis", {}, "200 apigateway-control"},
      {"GET", "/restapisX/v1", {}, "200 apigateway-invoke"},  // a prefix matches whole segments
      {"GET", "/restapis/abc/v1/_user_request_/users", {}, "200 apigateway-invoke"},
      {"GET", "/v1/users", {{"Host", "abc123.execute-api.localhost:4566"}}, "200 apigateway-invoke"},
      {"POST", "/2015-03-31/functions/f", {{"Host", "abc.EXECUTE-API.localhost"}}, "200 apigateway-invoke"},
      {"GET", "/v1/users", {{"Host", "localhost:4566"}}, "200 apigateway-invoke"},
      {"POST", "/", {{"X-Amz-Target", "Kinesis_20131202.PutRecord"}}, "400 {\"__type\":\"com.amazon.coral.service#UnknownOperationException\",\"message\":\"Unknown operation exception\"}"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(dispatch(router, c.method, c.target, c.headers), c.expected) << c.target;
  EXPECT_EQ(router.services().size(), 5u);
}

TEST(Router, WithoutFallbackAnswersMissingAuthenticationToken) {
  Router router;
  EXPECT_EQ(dispatch(router, "GET", "/v1/users"), "403 {\"message\":\"Missing Authentication Token\"}");
}

TEST(Message, PathQueryAndHost) {
  Request r;
  r.target = "/v1/users?limit=1&x=%20";
  r.headers.add("HOST", "abc.execute-api.localhost:4566");
  EXPECT_EQ(r.path(), "/v1/users");
  EXPECT_EQ(r.query(), "limit=1&x=%20");
  EXPECT_EQ(r.host(), "abc.execute-api.localhost");
  r.headers.set("host", "[::1]:4566");
  EXPECT_EQ(r.host(), "[::1]");
  EXPECT_EQ(r.headers.size(), 1u);
}

TEST(Message, HeadersAreCaseInsensitiveAndKeepRepeats) {
  Headers h;
  h.add("Set-Cookie", "a=1");
  h.add("set-cookie", "b=2");
  EXPECT_EQ(h.find("SET-COOKIE"), "a=1");
  EXPECT_EQ(h.size(), 2u);
  h.set("Set-Cookie", "c=3");
  EXPECT_EQ(h.size(), 1u);
  EXPECT_EQ(h.find("set-cookie"), "c=3");
  h.remove("SET-cookie");
  EXPECT_FALSE(h.contains("set-cookie"));
}

// A service that asks for signatures in the given shape.
class SignedService : public NamedService {
 public:
  SignedService(std::string name, std::vector<Route> routes, SignatureRules::Shape shape)
      : NamedService(std::move(name), std::move(routes)), shape_(shape) {}
  std::optional<SignatureRules> signature_rules(const Request&) const override {
    return SignatureRules{shape_, std::chrono::minutes(15)};
  }

 private:
  SignatureRules::Shape shape_;
};

TEST(Router, RequiredSignaturesAreCheckedPerServiceAndRefusedInItsShape) {
  using K = Route::Kind;
  Router router;
  router.add(std::make_shared<SignedService>(
      "dynamodb", std::vector<Route>{{K::kTargetPrefix, "DynamoDB_20120810."}},
      SignatureRules::Shape::kJson10));
  router.add(std::make_shared<SignedService>(
      "lambda", std::vector<Route>{{K::kPathPrefix, "/2015-03-31/functions"}},
      SignatureRules::Shape::kRestJson));
  router.add(std::make_shared<NamedService>("open", std::vector<Route>{{K::kFallback, ""}}));
  // Before require_signatures nothing is checked.
  EXPECT_EQ(dispatch(router, "GET", "/2015-03-31/functions"), "200 lambda");

  router.require_signatures(std::make_shared<SigV4Verifier>(std::vector<AccessKey>{{"AKID", "s"}}));
  EXPECT_EQ(dispatch(router, "POST", "/", {{"X-Amz-Target", "DynamoDB_20120810.ListTables"}}),
            "400 {\"__type\":\"com.amazon.coral.service#MissingAuthenticationTokenException\","
            "\"message\":\"Request is missing Authentication Token\"}");
  EXPECT_EQ(dispatch(router, "GET", "/2015-03-31/functions"),
            "403 {\"message\":\"Missing Authentication Token\"}");
  const std::string unknown_key =
      "AWS4-HMAC-SHA256 Credential=AKIDOTHER/20150830/us-east-1/lambda/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=00";
  EXPECT_EQ(dispatch(router, "GET", "/2015-03-31/functions",
                     {{"Authorization", unknown_key}, {"X-Amz-Date", "20150830T123600Z"}}),
            "403 {\"message\":\"The security token included in the request is invalid.\"}");
  EXPECT_EQ(dispatch(router, "GET", "/v1/users"), "200 open");

  // Requests made inside the server are never asked for a signature.
  Request internal;
  internal.method = "GET";
  internal.target = "/2015-03-31/functions";
  internal.internal = true;
  std::string out;
  router.handle(std::move(internal), [&](Response r) { out = std::to_string(r.status); });
  EXPECT_EQ(out, "200");
}

}  // namespace
}  // namespace localcloud::http
