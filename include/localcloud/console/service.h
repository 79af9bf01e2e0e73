// The web console: localcloud's own pages at /_console/, for doing the
// workshop in a browser. The pages are static files (console/ bundled by
// esbuild at build time) compiled into the binary; in the browser they call
// localcloud's public APIs like any other client, so this service only
// serves files and never reaches into the other services.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "localcloud/http/service.h"

namespace localcloud::console {

// One embedded file. `path` is relative to /_console/ ("index.html",
// "console.js"); `gzip` is the same content gzip-compressed, or empty.
struct Asset {
  std::string_view path;
  std::string_view content_type;
  std::string_view etag;  // a quoted entity tag: "\"<hash>\""
  std::string_view body;
  std::string_view gzip;
};

// The assets built into this binary: empty when Node.js or npm were missing
// at build time, in which case the console answers with a page saying so.
std::span<const Asset> embedded_assets();

// A service answering GET and HEAD under /_console/ from `assets`, which must
// outlive it. Paths are looked up exactly among the assets' names, so no
// request can reach anything else (no "..", no file system).
std::shared_ptr<http::Service> make_service(std::span<const Asset> assets = embedded_assets());

}  // namespace localcloud::console
