#include "router/matcher.h"

#include <map>

namespace localcloud::apigateway::router {

struct Matcher::Node {
  const model::Resource* resource = nullptr;
  std::string path;
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> variable;  // {name}
  std::string variable_name;
  std::unique_ptr<Node> greedy;  // {name+}
  std::string greedy_name;
};

std::vector<std::string_view> split_path(std::string_view path) {
  while (path.starts_with('/')) path.remove_prefix(1);
  if (path.ends_with('/')) path.remove_suffix(1);
  std::vector<std::string_view> parts;
  if (path.empty()) return parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

Matcher::Matcher(std::shared_ptr<const model::Snapshot> snapshot)
    : snapshot_(std::move(snapshot)), root_(std::make_unique<Node>()) {
  const auto& all = snapshot_->resources;
  // Children by parent id, so the tree is built top-down from the root.
  std::multimap<std::string, const model::Resource*> children;
  const model::Resource* root = nullptr;
  for (const auto& [id, r] : all) {
    if (r.parent_id)
      children.emplace(*r.parent_id, &r);
    else
      root = &r;
  }
  if (!root) return;
  root_->resource = root;
  root_->path = "/";
  std::vector<Node*> pending{root_.get()};
  while (!pending.empty()) {
    Node* node = pending.back();
    pending.pop_back();
    auto [lo, hi] = children.equal_range(node->resource->id);
    for (auto it = lo; it != hi; ++it) {
      const model::Resource* r = it->second;
      auto child = std::make_unique<Node>();
      child->resource = r;
      child->path = (node->path == "/" ? "" : node->path) + "/" + r->path_part;
      const std::string& part = r->path_part;
      Node* raw = child.get();
      if (part.size() > 3 && part.front() == '{' && part.ends_with("+}")) {
        node->greedy_name = part.substr(1, part.size() - 3);
        node->greedy = std::move(child);
      } else if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
        node->variable_name = part.substr(1, part.size() - 2);
        node->variable = std::move(child);
      } else {
        node->literals[part] = std::move(child);
      }
      pending.push_back(raw);
    }
  }
}

Matcher::~Matcher() = default;

const Matcher::Node* Matcher::walk(const Node* node, const std::vector<std::string_view>& parts,
                                   size_t at,
                                   std::vector<std::pair<std::string, std::string>>& params) const {
  if (at == parts.size()) return node;
  std::string_view part = parts[at];
  if (auto it = node->literals.find(part); it != node->literals.end())
    if (auto* found = walk(it->second.get(), parts, at + 1, params)) return found;
  if (node->variable && !part.empty()) {
    params.emplace_back(node->variable_name, std::string(part));
    if (auto* found = walk(node->variable.get(), parts, at + 1, params)) return found;
    params.pop_back();
  }
  if (node->greedy) {
    std::string rest(part);
    for (size_t i = at + 1; i < parts.size(); ++i) rest.append("/").append(parts[i]);
    if (!rest.empty()) {
      params.emplace_back(node->greedy_name, std::move(rest));
      return node->greedy.get();
    }
  }
  return nullptr;
}

std::optional<Match> Matcher::match(std::string_view path, std::string_view http_method) const {
  if (!root_->resource) return std::nullopt;
  Match m;
  const Node* node = walk(root_.get(), split_path(path), 0, m.path_params);
  if (!node) return std::nullopt;
  m.resource = node->resource;
  m.resource_path = node->path;
  const auto& methods = node->resource->methods;
  auto it = methods.find(std::string(http_method));
  if (it == methods.end()) it = methods.find("ANY");
  if (it != methods.end()) m.method = &it->second;
  return m;
}

}  // namespace localcloud::apigateway::router
