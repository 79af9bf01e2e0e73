#include "localcloud/console/service.h"

#include <string>

namespace localcloud::console {
namespace {

constexpr std::string_view kPrefix = "/_console";

// Shown instead of the console when this binary was built without its assets.
constexpr std::string_view kNotBuiltPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>localcloud console not built</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>The localcloud console was not built</h1>
<p>This localcloud binary was built without its web console: Node.js or npm was missing, or
<code>npm ci</code> in <code>console/</code> failed (no network?), when it was built.</p>
<p>Install Node.js and npm (<code>.ci/setup</code> does), then build again
(<code>make build</code>): the build bundles the console and embeds it in the binary.</p>
<p>The APIs themselves work without it: see README.md for the AWS CLI.</p>
</body></html>
)";

// A lenient token match: good enough for "gzip" in Accept-Encoding and for
// an entity tag in If-None-Match (either may be a comma-separated list).
bool list_contains(std::string_view list, std::string_view token) {
  size_t at = 0;
  while ((at = list.find(token, at)) != std::string_view::npos) {
    size_t end = at + token.size();
    bool starts = at == 0 || list[at - 1] == ',' || list[at - 1] == ' ';
    bool ends = end == list.size() || list[end] == ',' || list[end] == ' ' || list[end] == ';';
    if (starts && ends) return true;
    at = end;
  }
  return false;
}

http::Response text(int status, std::string body) {
  auto r = http::Response::with_body(status, "text/plain; charset=utf-8", std::move(body));
  r.headers.set("Cache-Control", "no-store");
  return r;
}

class ConsoleService final : public http::Service {
 public:
  explicit ConsoleService(std::span<const Asset> assets) : assets_(assets) {}

  std::string_view name() const override { return "console"; }

  // "/_console" without the slash too, so it can redirect to the index.
  std::vector<http::Route> routes() const override {
    return {{http::Route::Kind::kPathPrefix, std::string(kPrefix)}};
  }

  std::string state() const override { return assets_.empty() ? "not built" : "running"; }

  void handle(http::Request request, http::Respond respond) override {
    std::string_view path = request.path();
    if (path != kPrefix && !path.starts_with(std::string(kPrefix) + "/")) {
      return respond(text(404, "Not Found\n"));  // "/_consoleX": not ours
    }
    if (request.method != "GET" && request.method != "HEAD") {
      auto r = text(405, "Method Not Allowed\n");
      r.headers.set("Allow", "GET, HEAD");
      return respond(std::move(r));
    }
    if (path == kPrefix) {
      auto r = text(301, "Moved Permanently\n");
      std::string location = std::string(kPrefix) + "/";
      if (!request.query().empty()) location += "?" + std::string(request.query());
      r.headers.set("Location", location);
      return respond(std::move(r));
    }
    std::string_view name = path.substr(kPrefix.size() + 1);
    if (name.empty()) name = "index.html";
    if (assets_.empty()) {
      if (name != "index.html") return respond(text(404, "Not Found\n"));
      auto r =
          http::Response::with_body(503, "text/html; charset=utf-8", std::string(kNotBuiltPage));
      r.headers.set("Cache-Control", "no-store");
      return respond(std::move(r));
    }
    const Asset* asset = find(name);
    if (!asset) return respond(text(404, "Not Found\n"));
    respond(serve(*asset, request));
  }

 private:
  const Asset* find(std::string_view name) const {
    for (const auto& a : assets_)
      if (a.path == name) return &a;
    return nullptr;
  }

  static http::Response serve(const Asset& asset, const http::Request& request) {
    http::Response r;
    // Revalidate every time: a rebuilt binary serves new files at the same
    // names, and a 304 costs one round trip on localhost.
    r.headers.set("Cache-Control", "no-cache");
    r.headers.set("ETag", std::string(asset.etag));
    r.headers.set("Vary", "Accept-Encoding");
    auto if_none_match = request.headers.find("If-None-Match");
    if (if_none_match && (list_contains(*if_none_match, asset.etag) || *if_none_match == "*")) {
      r.status = 304;
      return r;
    }
    r.status = 200;
    r.headers.set("Content-Type", std::string(asset.content_type));
    r.headers.set("X-Content-Type-Options", "nosniff");
    if (asset.content_type.starts_with("text/html")) {
      // The pages talk to this origin only; CodeMirror adds inline styles.
      r.headers.set("Content-Security-Policy",
                    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    "frame-ancestors 'none'");
    }
    auto accept = request.headers.find("Accept-Encoding");
    if (!asset.gzip.empty() && accept && list_contains(*accept, "gzip")) {
      r.headers.set("Content-Encoding", "gzip");
      r.body = std::string(asset.gzip);
    } else {
      r.body = std::string(asset.body);
    }
    return r;
  }

  std::span<const Asset> assets_;
};

}  // namespace

std::shared_ptr<http::Service> make_service(std::span<const Asset> assets) {
  return std::make_shared<ConsoleService>(assets);
}

}  // namespace localcloud::console
