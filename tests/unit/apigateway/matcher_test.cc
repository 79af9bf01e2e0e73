// Path matching precedence of deployed resource trees: literal over {param}
// over {proxy+}, method over ANY, and AWS's slash handling.
#include "router/matcher.h"

#include <gtest/gtest.h>

namespace localcloud::apigateway::router {
namespace {

// Builds a tree from "path:METHOD,METHOD" lines.
std::shared_ptr<model::Snapshot> tree(std::initializer_list<std::pair<const char*, const char*>> defs) {
  auto snap = std::make_shared<model::Snapshot>();
  model::Resource root;
  root.id = "root";
  snap->resources["root"] = root;
  for (const auto& [path, methods] : defs) {
    std::string parent = "root", so_far;
    for (auto part : split_path(path)) {
      so_far += "/" + std::string(part);
      if (!snap->resources.count(so_far)) {
        model::Resource r;
        r.id = so_far;
        r.parent_id = parent;
        r.path_part = std::string(part);
        snap->resources[so_far] = r;
      }
      parent = so_far;
    }
    std::string list = methods;
    size_t start = 0;
    while (start < list.size()) {
      size_t comma = list.find(',', start);
      std::string m = list.substr(start, comma == std::string::npos ? comma : comma - start);
      model::Method method;
      method.http_method = m;
      snap->resources[parent].methods[m] = method;
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return snap;
}

// "resource_path METHOD {k=v,...}" or "none" / "no-method".
std::string render(const Matcher& m, std::string_view path, std::string_view method) {
  auto r = m.match(path, method);
  if (!r) return "none";
  if (!r->method) return r->resource_path + " no-method";
  std::string out = r->resource_path + " " + r->method->http_method + " {";
  for (size_t i = 0; i < r->path_params.size(); ++i)
    out += (i ? "," : "") + r->path_params[i].first + "=" + r->path_params[i].second;
  return out + "}";
}

TEST(MatcherTest, Precedence) {
  Matcher m(tree({{"/users", "GET"},
                  {"/users/{id}", "GET,ANY"},
                  {"/users/me", "GET"},
                  {"/{proxy+}", "ANY"},
                  {"/files/{path+}", "GET"},
                  {"/a/{x}/c", "GET"},
                  {"/a/b", "GET"}}));
  struct Case {
    const char* path;
    const char* method;
    const char* want;
  } cases[] = {
      {"/users", "GET", "/users GET {}"},
      {"/users/", "GET", "/users GET {}"},
      {"/users/me", "GET", "/users/me GET {}"},
      {"/users/42", "GET", "/users/{id} GET {id=42}"},
      {"/users/42", "DELETE", "/users/{id} ANY {id=42}"},
      {"/users", "POST", "/users no-method"},
      {"/other/x/y", "PUT", "/{proxy+} ANY {proxy=other/x/y}"},
      {"/files/a//b/", "GET", "/files/{path+} GET {path=a//b}"},
      {"/a/b/c", "GET", "/a/{x}/c GET {x=b}"},
      {"/a/b", "GET", "/a/b GET {}"},
      {"//users", "GET", "/users GET {}"},
      {"/", "GET", "/ no-method"},
      {"", "GET", "/ no-method"},
      {"/users/42/x", "GET", "/{proxy+} ANY {proxy=users/42/x}"},
  };
  for (const auto& c : cases) EXPECT_EQ(render(m, c.path, c.method), c.want) << c.path;
}

TEST(MatcherTest, NoGreedyMeansNoMatch) {
  Matcher m(tree({{"/users", "GET"}}));
  EXPECT_EQ(render(m, "/users/1", "GET"), "none");
  EXPECT_EQ(render(m, "/nope", "GET"), "none");
}

TEST(MatcherTest, GreedyNeedsAPart) {
  Matcher m(tree({{"/files/{p+}", "GET"}}));
  EXPECT_EQ(render(m, "/files", "GET"), "/files no-method");
  EXPECT_EQ(render(m, "/files/", "GET"), "/files no-method");
}

TEST(SplitPathTest, Slashes) {
  auto join = [](std::string_view p) {
    std::string out;
    for (auto s : split_path(p)) out += "[" + std::string(s) + "]";
    return out;
  };
  EXPECT_EQ(join("/a//b/"), "[a][][b]");
  EXPECT_EQ(join("///a"), "[a]");
  EXPECT_EQ(join("/"), "");
}

}  // namespace
}  // namespace localcloud::apigateway::router
