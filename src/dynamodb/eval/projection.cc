// project(): the parts of an item that ProjectionExpression (or an update's
// written paths) name, merged into one item shaped like the original. The
// paths become a tree first, so "a.b[0], a.c, a.b[2]" reads a once and
// keeps b's elements in index order.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "eval/evaluator.h"

namespace localcloud::dynamodb::eval {
namespace {

using model::AttributeType;
using model::AttributeValue;

struct Node {
  bool whole = false;  // the path ends here: take the value as it is
  std::map<std::string, Node> members;
  std::map<std::uint32_t, Node> elements;
};

void add_path(Node& root, const expressions::DocumentPath& path) {
  Node* node = &root;
  for (const expressions::PathElement& element : path.elements) {
    if (element.is_index()) {
      if (!element.index_in_range()) return;  // no list is that long
      node = &node->elements[element.index];
    } else {
      node = &node->members[element.text];
    }
  }
  node->whole = true;
}

// The part of `value` that `node` selects; nullopt when none of it exists,
// so that a missing nested path adds no empty container.
std::optional<AttributeValue> extract(const AttributeValue& value, const Node& node) {
  if (node.whole) return value;
  if (value.type() == AttributeType::kM && !node.members.empty()) {
    AttributeValue::Map out;
    const AttributeValue::Map& map = value.as_map();
    for (const auto& [name, child] : node.members) {
      auto found = map.find(name);
      if (found == map.end()) continue;
      if (std::optional<AttributeValue> part = extract(found->second, child)) {
        out.emplace(name, std::move(*part));
      }
    }
    if (!out.empty()) return AttributeValue::map(std::move(out));
  } else if (value.type() == AttributeType::kL && !node.elements.empty()) {
    AttributeValue::List out;
    const AttributeValue::List& list = value.as_list();
    for (const auto& [index, child] : node.elements) {
      if (index >= list.size()) break;
      if (std::optional<AttributeValue> part = extract(list[index], child)) {
        out.push_back(std::move(*part));
      }
    }
    if (!out.empty()) return AttributeValue::list(std::move(out));
  }
  return std::nullopt;
}

}  // namespace

model::Item project(const model::Item& item, const std::vector<expressions::DocumentPath>& paths) {
  Node root;
  for (const expressions::DocumentPath& path : paths) {
    if (!path.elements.empty() && !path.elements.front().is_index()) add_path(root, path);
  }
  model::Item out;
  for (const auto& [name, node] : root.members) {
    auto found = item.find(name);
    if (found == item.end()) continue;
    if (std::optional<AttributeValue> part = extract(found->second, node)) {
      out.emplace(name, std::move(*part));
    }
  }
  return out;
}

}  // namespace localcloud::dynamodb::eval
