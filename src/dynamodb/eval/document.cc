#include "eval/document.h"

#include <algorithm>

namespace localcloud::dynamodb::eval::internal {

using expressions::DocumentPath;
using expressions::PathElement;
using model::AttributeType;
using model::AttributeValue;

const AttributeValue* find_in(const AttributeValue& value, const DocumentPath& path,
                              std::size_t from) {
  const AttributeValue* current = &value;
  for (std::size_t i = from; i < path.elements.size(); ++i) {
    const PathElement& element = path.elements[i];
    if (element.is_index()) {
      if (current->type() != AttributeType::kL) return nullptr;
      const AttributeValue::List& list = current->as_list();
      if (!element.index_in_range() || element.index >= list.size()) return nullptr;
      current = &list[element.index];
    } else {
      if (current->type() != AttributeType::kM) return nullptr;
      const AttributeValue::Map& map = current->as_map();
      auto found = map.find(element.text);
      if (found == map.end()) return nullptr;
      current = &found->second;
    }
  }
  return current;
}

const AttributeValue* find(const model::Item& item, const DocumentPath& path) {
  if (path.elements.empty() || path.elements.front().is_index()) return nullptr;
  auto found = item.find(path.elements.front().text);
  if (found == item.end()) return nullptr;
  return find_in(found->second, path, 1);
}

bool path_less(const DocumentPath& a, const DocumentPath& b) {
  const std::size_t common = std::min(a.elements.size(), b.elements.size());
  for (std::size_t i = 0; i < common; ++i) {
    const PathElement& x = a.elements[i];
    const PathElement& y = b.elements[i];
    if (x.is_index() != y.is_index()) return y.is_index();  // any fixed order will do
    if (x.is_index()) {
      if (x.index != y.index) return x.index < y.index;
    } else if (x.text != y.text) {
      return x.text < y.text;
    }
  }
  return a.elements.size() < b.elements.size();
}

}  // namespace localcloud::dynamodb::eval::internal
