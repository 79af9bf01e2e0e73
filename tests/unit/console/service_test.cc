#include "localcloud/console/service.h"

#include <gtest/gtest.h>

#include "localcloud/http/router.h"

namespace localcloud::console {
namespace {

const Asset kAssets[] = {
    {"index.html", "text/html; charset=utf-8", "\"i1\"", "<!doctype html>", "GZ-INDEX"},
    {"console.js", "text/javascript; charset=utf-8", "\"j1\"", "export {};", ""},
};

struct Answer {
  int status = 0;
  http::Headers headers;
  std::string body;
  std::string header(std::string_view name) const {
    return std::string(headers.find(name).value_or(""));
  }
};

Answer get(http::Handler& handler, std::string target, std::string method = "GET",
           std::vector<std::pair<std::string, std::string>> headers = {}) {
  http::Request req;
  req.method = std::move(method);
  req.target = std::move(target);
  for (auto& [k, v] : headers) req.headers.add(k, v);
  Answer out;
  handler.handle(std::move(req), [&](http::Response r) {
    out = {r.status, std::move(r.headers), std::move(r.body)};
  });
  return out;
}

TEST(ConsoleService, ServesEachAssetByExactNameWithItsTypeAndTag) {
  auto console = make_service(kAssets);
  struct Case {
    std::string target;
    int status;
    std::string content_type, body;
  };
  const Case cases[] = {
      {"/_console/", 200, "text/html; charset=utf-8", "<!doctype html>"},
      {"/_console/?x=1", 200, "text/html; charset=utf-8", "<!doctype html>"},
      {"/_console/index.html", 200, "text/html; charset=utf-8", "<!doctype html>"},
      {"/_console/console.js", 200, "text/javascript; charset=utf-8", "export {};"},
      {"/_console/missing.js", 404, "text/plain; charset=utf-8", "Not Found\n"},
      // Names are looked up, never resolved: no way out of the asset list.
      {"/_console/../_localcloud/health", 404, "text/plain; charset=utf-8", "Not Found\n"},
      {"/_console/%2e%2e/%2e%2e/etc/passwd", 404, "text/plain; charset=utf-8", "Not Found\n"},
      {"/_console//etc/passwd", 404, "text/plain; charset=utf-8", "Not Found\n"},
      {"/_console/./index.html", 404, "text/plain; charset=utf-8", "Not Found\n"},
      {"/_consoleX", 404, "text/plain; charset=utf-8", "Not Found\n"},
  };
  for (const auto& c : cases) {
    auto a = get(*console, c.target);
    EXPECT_EQ(a.status, c.status) << c.target;
    EXPECT_EQ(a.header("Content-Type"), c.content_type) << c.target;
    EXPECT_EQ(a.body, c.body) << c.target;
  }
  auto index = get(*console, "/_console/");
  EXPECT_EQ(index.header("ETag"), "\"i1\"");
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");
  EXPECT_EQ(index.header("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(index.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
}

TEST(ConsoleService, RevalidatesWithTheEntityTag) {
  auto console = make_service(kAssets);
  auto same = get(*console, "/_console/console.js", "GET", {{"If-None-Match", "\"x\", \"j1\""}});
  EXPECT_EQ(same.status, 304);
  EXPECT_EQ(same.body, "");
  EXPECT_EQ(same.header("ETag"), "\"j1\"");
  EXPECT_EQ(get(*console, "/_console/console.js", "GET", {{"If-None-Match", "\"j0\""}}).status,
            200);
  EXPECT_EQ(get(*console, "/_console/console.js", "GET", {{"If-None-Match", "\"j1-old\""}}).status,
            200);
}

TEST(ConsoleService, SendsGzipOnlyToClientsThatAcceptIt) {
  auto console = make_service(kAssets);
  auto zipped = get(*console, "/_console/", "GET", {{"Accept-Encoding", "br, gzip;q=0.8"}});
  EXPECT_EQ(zipped.header("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped.body, "GZ-INDEX");
  EXPECT_EQ(zipped.header("Vary"), "Accept-Encoding");
  auto plain = get(*console, "/_console/", "GET", {{"Accept-Encoding", "br"}});
  EXPECT_EQ(plain.header("Content-Encoding"), "");
  EXPECT_EQ(plain.body, "<!doctype html>");
  // An asset without a gzip form is sent as is.
  EXPECT_EQ(get(*console, "/_console/console.js", "GET", {{"Accept-Encoding", "gzip"}}).body,
            "export {};");
}

TEST(ConsoleService, RedirectsTheBarePrefixAndRefusesWrites) {
  auto console = make_service(kAssets);
  auto bare = get(*console, "/_console?a=b");
  EXPECT_EQ(bare.status, 301);
  EXPECT_EQ(bare.header("Location"), "/_console/?a=b");
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    auto a = get(*console, "/_console/index.html", method);
    EXPECT_EQ(a.status, 405) << method;
    EXPECT_EQ(a.header("Allow"), "GET, HEAD");
  }
  EXPECT_EQ(get(*console, "/_console/", "HEAD").status, 200);
}

TEST(ConsoleService, WithoutAssetsSaysTheConsoleWasNotBuilt) {
  auto console = make_service({});
  auto a = get(*console, "/_console/");
  EXPECT_EQ(a.status, 503);
  EXPECT_NE(a.body.find("The localcloud console was not built"), std::string::npos);
  EXPECT_EQ(get(*console, "/_console/console.js").status, 404);
  EXPECT_EQ(console->state(), "not built");
  EXPECT_EQ(make_service(kAssets)->state(), "running");
}

// API Gateway answers every path nothing else took (the default API's
// /{stage}/...), so a stage named "_console" must not hide the console, while
// an execute-api host name still reaches the API whatever the path.
TEST(ConsoleService, WinsItsPrefixOverTheFallbackButNotOverApiHostNames) {
  class Fallback : public http::Service {
   public:
    std::string_view name() const override { return "apigateway"; }
    std::vector<http::Route> routes() const override {
      return {{http::Route::Kind::kHostSuffix, ".execute-api.localhost"},
              {http::Route::Kind::kPathPrefix, "/restapis"},
              {http::Route::Kind::kFallback, ""}};
    }
    void handle(http::Request, http::Respond respond) override {
      respond(http::Response::with_body(200, "text/plain", "apigateway"));
    }
  };
  http::Router router;
  router.add(std::make_shared<Fallback>());
  router.add(make_service(kAssets));
  EXPECT_EQ(get(router, "/_console/").body, "<!doctype html>");
  EXPECT_EQ(get(router, "/_console").status, 301);
  EXPECT_EQ(get(router, "/v1/users").body, "apigateway");
  EXPECT_EQ(get(router, "/_consoles/x").body, "apigateway");
  EXPECT_EQ(get(router, "/_console/", "GET", {{"Host", "abc.execute-api.localhost:4566"}}).body,
            "apigateway");
}

}  // namespace
}  // namespace localcloud::console
