// Matcher: which resource and method of a deployed tree answer a request
// path, with AWS's precedence: a literal path part beats {param}, which beats
// a greedy {name+}; an exact method beats ANY. A path that leads nowhere by
// the preferred branch falls back to the next one.
//
// Paths are taken as sent (no percent-decoding, as AWS passes them on):
// leading slashes collapse, one trailing slash is ignored, and inner empty
// parts ("a//b") only a greedy variable can hold.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/rest_api.h"

namespace localcloud::apigateway::router {

struct Match {
  const model::Resource* resource = nullptr;
  const model::Method* method = nullptr;  // null: the path matched, the method did not
  std::string resource_path;              // "/users/{id}"
  std::vector<std::pair<std::string, std::string>> path_params;  // in path order
};

// A compiled resource tree. Immutable; safe to share between threads. Holds
// pointers into `snapshot`, which it keeps alive.
class Matcher {
 public:
  explicit Matcher(std::shared_ptr<const model::Snapshot> snapshot);
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;
  ~Matcher();

  // The resource for `path` ("/users/1", without the stage), or nullopt.
  std::optional<Match> match(std::string_view path, std::string_view http_method) const;

 private:
  struct Node;
  const Node* walk(const Node* node, const std::vector<std::string_view>& parts, size_t at,
                   std::vector<std::pair<std::string, std::string>>& params) const;

  std::shared_ptr<const model::Snapshot> snapshot_;
  std::unique_ptr<Node> root_;
};

// "/a//b/" → {"a", "", "b"}: leading slashes dropped, one trailing one too.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace localcloud::apigateway::router
