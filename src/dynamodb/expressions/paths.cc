#include "expressions/paths.h"

#include <algorithm>
#include <optional>

namespace localcloud::dynamodb::expressions {
namespace {

enum class Relation { kDisjoint, kOverlap, kConflict };

Relation relate(const DocumentPath& a, const DocumentPath& b) {
  const std::size_t common = std::min(a.elements.size(), b.elements.size());
  for (std::size_t i = 0; i < common; ++i) {
    const PathElement& x = a.elements[i];
    const PathElement& y = b.elements[i];
    if (x.is_index() != y.is_index()) return Relation::kConflict;
    const bool same = x.is_index() ? x.index == y.index : x.text == y.text;
    if (!same) return Relation::kDisjoint;
  }
  return Relation::kOverlap;
}

std::string clash_detail(std::string_view what, const DocumentPath& one, const DocumentPath& two) {
  std::string detail = "Two document paths ";
  detail += what;
  detail += " with each other; must remove or rewrite one of these paths; path one: ";
  detail += path_for_message(one);
  detail += ", path two: ";
  detail += path_for_message(two);
  return detail;
}

}  // namespace

std::string path_for_message(const DocumentPath& path) {
  std::string out = "[";
  for (std::size_t i = 0; i < path.elements.size(); ++i) {
    if (i > 0) out += ", ";
    const PathElement& element = path.elements[i];
    if (element.is_index()) {
      out += "[" + element.text + "]";
    } else {
      out += element.text;
    }
  }
  out += "]";
  return out;
}

void check_paths_disjoint(const std::vector<const DocumentPath*>& paths, ExpressionKind kind) {
  std::optional<std::string> first_conflict;
  for (std::size_t j = 1; j < paths.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      switch (relate(*paths[i], *paths[j])) {
        case Relation::kOverlap:
          throw invalid_expression(kind, clash_detail("overlap", *paths[i], *paths[j]));
        case Relation::kConflict:
          if (!first_conflict) first_conflict = clash_detail("conflict", *paths[i], *paths[j]);
          break;
        case Relation::kDisjoint:
          break;
      }
    }
  }
  if (first_conflict) throw invalid_expression(kind, *first_conflict);
}

}  // namespace localcloud::dynamodb::expressions
