#include "expressions/ast.h"

#include <limits>

namespace localcloud::dynamodb::expressions {

PathElement PathElement::attribute(std::string name) {
  return PathElement{Kind::kAttribute, std::move(name), 0};
}

PathElement PathElement::placeholder(std::string token) {
  return PathElement{Kind::kPlaceholder, std::move(token), 0};
}

PathElement PathElement::list_index(std::string digits) {
  PathElement element{Kind::kIndex, std::move(digits), 0};
  if (element.index_in_range()) {
    element.index = static_cast<std::uint32_t>(std::stoul(element.text));
  }
  return element;
}

bool PathElement::index_in_range() const {
  constexpr std::uint64_t kMax = std::numeric_limits<std::int32_t>::max();
  // More than ten digits cannot fit (and could overflow stoull).
  if (kind != Kind::kIndex || text.empty() || text.size() > 10) return false;
  return std::stoull(text) <= kMax;
}

bool Condition::is_leaf() const {
  return !std::holds_alternative<Not>(node) && !std::holds_alternative<And>(node) &&
         !std::holds_alternative<Or>(node);
}

const DocumentPath& UpdateExpression::target(ActionRef action) const {
  switch (action.clause) {
    case UpdateClause::kSet:
      return set_actions[action.index].path;
    case UpdateClause::kRemove:
      return remove_actions[action.index].path;
    case UpdateClause::kAdd:
      return add_actions[action.index].path;
    case UpdateClause::kDelete:
      break;
  }
  return delete_actions[action.index].path;
}

DocumentPath& UpdateExpression::target(ActionRef action) {
  const auto& self = *this;
  return const_cast<DocumentPath&>(self.target(action));
}

}  // namespace localcloud::dynamodb::expressions
