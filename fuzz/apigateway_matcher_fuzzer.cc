// The API Gateway path matcher. Input lines: the request path, the HTTP
// method, then resource definitions ("/a/{b}/c GET,ANY"); each new path part
// goes through CreateResource's validation, so only trees AWS accepts are
// built. A match must be the resource the path spells: as many parts (a
// greedy variable taking the rest), literals equal, each variable holding
// its part, and the reported resource path that of the resource.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "model/validation.h"
#include "router/matcher.h"

using namespace localcloud;
using namespace localcloud::apigateway;

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

// Adds "path METHOD,METHOD" to the tree, one validated part at a time.
void add_resource(model::Resources& resources, std::string_view line) {
  size_t space = line.find(' ');
  std::string_view path = line.substr(0, space);
  std::string_view methods = space == std::string_view::npos ? "" : line.substr(space + 1);
  std::string parent = "root";
  for (auto part : router::split_path(path)) {
    std::string id;
    for (const auto& [rid, r] : resources)
      if (r.parent_id == parent && r.path_part == part) id = rid;
    if (id.empty()) {
      try {
        model::check_new_child(resources, resources.at(parent), part);
      } catch (const AwsError&) {
        return;
      }
      id = "r" + std::to_string(resources.size());
      model::Resource r;
      r.id = id;
      r.parent_id = parent;
      r.path_part = std::string(part);
      resources[id] = r;
    }
    parent = id;
  }
  while (!methods.empty()) {
    size_t comma = methods.find(',');
    std::string m(methods.substr(0, comma));
    methods = comma == std::string_view::npos ? "" : methods.substr(comma + 1);
    try {
      model::check_http_method(m);
    } catch (const AwsError&) {
      continue;
    }
    model::Method method;
    method.http_method = m;
    resources[parent].methods[m] = method;
  }
}

void check_match(const router::Match& m, const model::Resources& resources, std::string_view path) {
  fuzz::require(m.resource != nullptr, "a match without a resource");
  fuzz::require(m.resource_path == model::path_of(resources, m.resource->id),
                "resource_path is not the resource's path", m.resource_path);
  auto parts = router::split_path(path);
  auto pattern = router::split_path(m.resource_path);
  size_t param = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    std::string_view p = pattern[i];
    bool greedy = p.size() > 3 && p.front() == '{' && p.ends_with("+}");
    bool variable = !greedy && p.size() > 2 && p.front() == '{' && p.back() == '}';
    if (greedy) {
      fuzz::require(i + 1 == pattern.size(), "a greedy variable not last", m.resource_path);
      fuzz::require(i < parts.size() && param < m.path_params.size(), "greedy without a value");
      std::string rest(parts[i]);
      for (size_t j = i + 1; j < parts.size(); ++j) rest.append("/").append(parts[j]);
      fuzz::require(m.path_params[param].first == p.substr(1, p.size() - 3) &&
                        m.path_params[param].second == rest && !rest.empty(),
                    "greedy value", std::string(path));
      return;
    }
    fuzz::require(i < parts.size(), "the path is shorter than the resource", std::string(path));
    if (variable) {
      fuzz::require(param < m.path_params.size() &&
                        m.path_params[param].first == p.substr(1, p.size() - 2) &&
                        m.path_params[param].second == parts[i] && !parts[i].empty(),
                    "variable value", std::string(path));
      ++param;
    } else {
      fuzz::require(p == parts[i], "literal part differs", std::string(path));
    }
  }
  fuzz::require(pattern.size() == parts.size(), "the path is longer than the resource",
                std::string(path) + " matched " + m.resource_path);
  fuzz::require(param == m.path_params.size(), "extra path parameters");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto lines = lines_of(std::string_view(reinterpret_cast<const char*>(data), size));
  if (lines.size() < 2) return 0;
  auto snapshot = std::make_shared<model::Snapshot>();
  model::Resource root;
  root.id = "root";
  snapshot->resources["root"] = root;
  for (size_t i = 2; i < lines.size() && i < 64; ++i) add_resource(snapshot->resources, lines[i]);
  auto resources = snapshot->resources;
  router::Matcher matcher(std::move(snapshot));
  auto m = matcher.match(lines[0], lines[1]);
  if (!m) return 0;
  check_match(*m, resources, lines[0]);
  if (m->method)
    fuzz::require(m->method->http_method == lines[1] || m->method->http_method == "ANY",
                  "the wrong method");
  return 0;
}
