#include "api/routes.h"

#include <array>

#include "localcloud/http/url.h"

#include "api/code_download.h"
#include "api/concurrency_operations.h"
#include "api/function_operations.h"
#include "api/mapping_operations.h"
#include "api/policy_operations.h"
#include "api/tag_operations.h"

namespace localcloud::lambda::api {
namespace {

struct Route {
  std::string_view method;
  std::string_view pattern;  // "{}" stands for one path segment
  std::string_view name;
  Operation op;
};

constexpr std::array<Route, 24> kRoutes = {{
    // Invoke answers with a payload and headers of its own: service.cc runs it.
    {"POST", "/2015-03-31/functions/{}/invocations", "Invoke", nullptr},
    {"POST", "/2015-03-31/functions", "CreateFunction", &create_function},
    {"GET", "/2015-03-31/functions", "ListFunctions", &list_functions},
    {"GET", "/2015-03-31/functions/{}", "GetFunction", &get_function},
    {"DELETE", "/2015-03-31/functions/{}", "DeleteFunction", &delete_function},
    {"GET", "/2015-03-31/functions/{}/configuration", "GetFunctionConfiguration",
     &get_function_configuration},
    {"PUT", "/2015-03-31/functions/{}/configuration", "UpdateFunctionConfiguration",
     &update_function_configuration},
    {"PUT", "/2015-03-31/functions/{}/code", "UpdateFunctionCode", &update_function_code},
    {"POST", "/2015-03-31/functions/{}/policy", "AddPermission", &add_permission},
    {"GET", "/2015-03-31/functions/{}/policy", "GetPolicy", &get_policy},
    {"DELETE", "/2015-03-31/functions/{}/policy/{}", "RemovePermission", &remove_permission},
    {"PUT", "/2017-10-31/functions/{}/concurrency", "PutFunctionConcurrency",
     &put_function_concurrency},
    {"DELETE", "/2017-10-31/functions/{}/concurrency", "DeleteFunctionConcurrency",
     &delete_function_concurrency},
    {"GET", "/2019-09-30/functions/{}/concurrency", "GetFunctionConcurrency",
     &get_function_concurrency},
    {"GET", "/2017-03-31/tags/{}", "ListTags", &list_tags},
    {"POST", "/2017-03-31/tags/{}", "TagResource", &tag_resource},
    {"DELETE", "/2017-03-31/tags/{}", "UntagResource", &untag_resource},
    {"POST", "/2015-03-31/event-source-mappings", "CreateEventSourceMapping",
     &create_event_source_mapping},
    {"GET", "/2015-03-31/event-source-mappings", "ListEventSourceMappings",
     &list_event_source_mappings},
    {"GET", "/2015-03-31/event-source-mappings/{}", "GetEventSourceMapping",
     &get_event_source_mapping},
    {"PUT", "/2015-03-31/event-source-mappings/{}", "UpdateEventSourceMapping",
     &update_event_source_mapping},
    {"DELETE", "/2015-03-31/event-source-mappings/{}", "DeleteEventSourceMapping",
     &delete_event_source_mapping},
    {"GET", "/_localcloud/lambda/code/{}/{}", "DownloadCode", &download_code},
    {"HEAD", "/_localcloud/lambda/code/{}/{}", "DownloadCode", &download_code},
}};

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.starts_with('/')) path.remove_prefix(1);
  if (path.ends_with('/')) path.remove_suffix(1);  // clients differ on a trailing slash
  while (!path.empty()) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

std::optional<RouteMatch> match_route(std::string_view method, std::string_view path) {
  auto parts = segments(path);
  for (const auto& route : kRoutes) {
    if (route.method != method) continue;
    auto pattern = segments(route.pattern);
    if (pattern.size() != parts.size()) continue;
    RouteMatch match{route.op, route.name, {}};
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      if (pattern[i] == "{}") {
        if (parts[i].empty()) ok = false;
        match.params.push_back(http::percent_decode(parts[i]));
      } else {
        ok = pattern[i] == parts[i];
      }
    }
    if (ok) return match;
  }
  return std::nullopt;
}

}  // namespace localcloud::lambda::api
