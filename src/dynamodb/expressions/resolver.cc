#include "expressions/resolver.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "expressions/functions.h"
#include "expressions/paths.h"

namespace localcloud::dynamodb::expressions {
namespace internal {

// One resolve() call: the resolver, the expression's kind for messages, and
// the walks over the AST that AWS's checks need.
class ResolvePass {
 public:
  ResolvePass(Resolver& resolver, ExpressionKind kind) : resolver_(resolver), kind_(kind) {}

  // ---- names and values

  void resolve_names(DocumentPath& path) {
    for (PathElement& element : path.elements) {
      if (element.kind != PathElement::Kind::kPlaceholder) continue;
      std::optional<std::string> name = resolver_.use_name(element.text);
      if (!name) {
        fail(
            "An expression attribute name used in the document path is not defined; "
            "attribute name: " +
            element.text);
      }
      element = PathElement::attribute(std::move(*name));
    }
  }

  void resolve_value(const ValueRef& value) {
    if (!resolver_.use_value(value.name)) {
      fail("An expression attribute value used in expression is not defined; attribute value: " +
           value.name);
    }
  }

  // Names and values of `operand` in written order; AWS reports whichever
  // undefined placeholder comes first.
  void resolve_operand(Operand& operand) {
    if (auto* path = std::get_if<DocumentPath>(&operand.node)) {
      resolve_names(*path);
    } else if (auto* value = std::get_if<ValueRef>(&operand.node)) {
      resolve_value(*value);
    } else {
      for (Operand& argument : std::get<FunctionCall>(operand.node).arguments) {
        resolve_operand(argument);
      }
    }
  }

  // ---- functions

  // Operand counts, innermost call first.
  void check_arity(const Operand& operand) {
    if (const FunctionCall* call = operand.call()) check_arity(*call);
  }

  void check_arity(const FunctionCall& call) {
    for (const Operand& argument : call.arguments) check_arity(argument);
    const std::optional<FunctionInfo> info = find_function(call.name);
    if (info && call.arguments.size() != info->arity) {
      fail("Incorrect number of operands for operator or function; operator or function: " +
           call.name + ", number of operands: " + std::to_string(call.arguments.size()));
    }
  }

  void check_needs_path(const FunctionCall& call) {
    const std::optional<FunctionInfo> info = find_function(call.name);
    if (info && info->needs_path_first && call.arguments.front().path() == nullptr) {
      fail("Operator or function requires a document path; operator or function: " + call.name);
    }
  }

  // AWS rejects comparing a path with itself ("a = a", "contains(a, #a)"
  // with #a = a), judged after names are resolved.
  void check_distinct(std::string_view op, const Operand& first, const Operand& second) {
    const DocumentPath* a = first.path();
    const DocumentPath* b = second.path();
    if (a == nullptr || b == nullptr || *a != *b) return;
    std::string detail =
        "The first operand must be distinct from the remaining operands for this operator or "
        "function; operator: ";
    detail += op;
    detail += ", first operand: ";
    detail += path_for_message(*a);
    fail(detail);
  }

  // ---- conditions

  void resolve_condition(Condition& condition, const LeafCheck& leaf_check) {
    if (auto* node = std::get_if<Not>(&condition.node)) {
      resolve_condition(*node->operand, leaf_check);
    } else if (auto* node = std::get_if<And>(&condition.node)) {
      resolve_condition(*node->left, leaf_check);
      resolve_condition(*node->right, leaf_check);
    } else if (auto* node = std::get_if<Or>(&condition.node)) {
      resolve_condition(*node->left, leaf_check);
      resolve_condition(*node->right, leaf_check);
    } else {
      resolve_leaf(condition);
      if (leaf_check) {
        if (std::optional<std::string> detail = leaf_check(condition)) fail(*detail);
      }
    }
  }

  void resolve_leaf(Condition& leaf) {
    std::vector<Operand*> operands = leaf_operands(leaf);
    for (Operand* operand : operands) resolve_operand(*operand);

    if (auto* function = std::get_if<FunctionCondition>(&leaf.node)) {
      check_arity(function->call);
    } else {
      for (const Operand* operand : operands) check_arity(*operand);
    }

    if (const auto* in = std::get_if<In>(&leaf.node);
        in && in->candidates.size() > kMaxInOperands) {
      fail("The IN operator is provided with too many operands; number of operands: " +
           std::to_string(in->candidates.size()));
    }

    if (const auto* comparison = std::get_if<Comparison>(&leaf.node)) {
      check_distinct(comparator_symbol(comparison->op), comparison->left, comparison->right);
    } else if (const auto* function = std::get_if<FunctionCondition>(&leaf.node)) {
      const FunctionCall& call = function->call;
      if (call.arguments.size() == 2)
        check_distinct(call.name, call.arguments[0], call.arguments[1]);
      check_needs_path(call);
    }
  }

  // ---- updates

  void resolve_update(UpdateExpression& update) {
    // Every name before any value: AWS reports an undefined name even when
    // an undefined value is written earlier.
    for (UpdateExpression::ActionRef action : update.written_order) {
      resolve_names(update.target(action));
      if (action.clause == UpdateClause::kSet) {
        SetValue& value = update.set_actions[action.index].value;
        resolve_names_in(value.left);
        if (value.right) resolve_names_in(*value.right);
      }
    }
    for (UpdateExpression::ActionRef action : update.written_order) {
      switch (action.clause) {
        case UpdateClause::kSet: {
          SetValue& value = update.set_actions[action.index].value;
          resolve_operand(value.left);
          if (value.right) resolve_operand(*value.right);
          break;
        }
        case UpdateClause::kAdd:
          resolve_value(update.add_actions[action.index].value);
          break;
        case UpdateClause::kDelete:
          resolve_value(update.delete_actions[action.index].value);
          break;
        case UpdateClause::kRemove:
          break;
      }
    }

    std::vector<const DocumentPath*> targets;
    for (UpdateExpression::ActionRef action : update.written_order) {
      targets.push_back(&update.target(action));
    }
    check_paths_disjoint(targets, kind_);

    for (UpdateExpression::ActionRef action : update.written_order) {
      if (action.clause != UpdateClause::kSet) continue;
      const SetValue& value = update.set_actions[action.index].value;
      check_update_functions(value.left);
      if (value.right) check_update_functions(*value.right);
    }
  }

  void resolve_names_in(Operand& operand) {
    if (auto* path = std::get_if<DocumentPath>(&operand.node)) {
      resolve_names(*path);
    } else if (auto* call = std::get_if<FunctionCall>(&operand.node)) {
      for (Operand& argument : call->arguments) resolve_names_in(argument);
    }
  }

  void check_update_functions(const Operand& operand) {
    const FunctionCall* call = operand.call();
    if (call == nullptr) return;
    for (const Operand& argument : call->arguments) check_update_functions(argument);
    check_arity(*call);
    check_needs_path(*call);
    // AWS's parser accepts list_append(list_append(...), ...) but a later
    // check refuses it.
    if (call->name == "list_append") {
      for (const Operand& argument : call->arguments) {
        if (const FunctionCall* inner = argument.call(); inner && inner->name == "list_append") {
          fail("The function is not allowed to be used this way in an expression; function: " +
               inner->name);
        }
      }
    }
  }

  // ---- projections

  void resolve_projection(ProjectionExpression& projection) {
    std::vector<const DocumentPath*> paths;
    for (DocumentPath& path : projection.paths) {
      resolve_names(path);
      paths.push_back(&path);
    }
    check_paths_disjoint(paths, kind_);
  }

 private:
  [[noreturn]] void fail(std::string_view detail) const { throw invalid_expression(kind_, detail); }

  static std::vector<Operand*> leaf_operands(Condition& leaf) {
    std::vector<Operand*> operands;
    if (auto* node = std::get_if<Comparison>(&leaf.node)) {
      operands = {&node->left, &node->right};
    } else if (auto* node = std::get_if<Between>(&leaf.node)) {
      operands = {&node->value, &node->lower, &node->upper};
    } else if (auto* node = std::get_if<In>(&leaf.node)) {
      operands.push_back(&node->value);
      for (Operand& candidate : node->candidates) operands.push_back(&candidate);
    } else if (auto* node = std::get_if<FunctionCondition>(&leaf.node)) {
      for (Operand& argument : node->call.arguments) operands.push_back(&argument);
    }
    return operands;
  }

  static std::string_view comparator_symbol(Comparator op) {
    switch (op) {
      case Comparator::kEqual:
        return "=";
      case Comparator::kNotEqual:
        return "<>";
      case Comparator::kLess:
        return "<";
      case Comparator::kLessOrEqual:
        return "<=";
      case Comparator::kGreater:
        return ">";
      case Comparator::kGreaterOrEqual:
        break;
    }
    return ">=";
  }

  Resolver& resolver_;
  ExpressionKind kind_;
};

}  // namespace internal

namespace {

// AWS lists unused keys in the iteration order of a java.util.HashSet built
// from all the keys the request sent (observed by others; unverified here).
// Java's String.hashCode, spread and masked by the table size, orders the
// buckets; keys sharing a bucket keep insertion order.
std::vector<std::string> java_hash_set_order(std::vector<std::string> keys, std::size_t total) {
  // (int) (total / 0.75f) + 1, as HashSet(Collection) sizes its table.
  const std::size_t wanted = std::max<std::size_t>(total * 4 / 3 + 1, 16);
  std::size_t capacity = 1;
  while (capacity < wanted) capacity <<= 1;
  auto bucket = [capacity](const std::string& key) {
    std::uint32_t hash = 0;
    for (unsigned char c : key) hash = 31 * hash + c;
    return (hash ^ (hash >> 16)) & (capacity - 1);
  };
  std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
    return bucket(a) < bucket(b);
  });
  return keys;
}

std::string unused_keys_detail(std::string_view map_name, const std::vector<std::string>& keys,
                               std::size_t total) {
  std::string detail = "Value provided in ";
  detail += map_name;
  detail += " unused in expressions: keys: {";
  const std::vector<std::string> ordered = java_hash_set_order(keys, total);
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    if (i > 0) detail += ", ";
    detail += ordered[i];
  }
  detail += "}";
  return detail;
}

bool is_placeholder_key(std::string_view key, char sigil) {
  if (key.size() < 2 || key.front() != sigil) return false;
  return std::all_of(key.begin() + 1, key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void check_map(const std::vector<std::string>* keys, std::string_view map_name, char sigil) {
  if (keys == nullptr) return;
  if (keys->empty()) throw errors::validation(std::string(map_name) + " must not be empty");
  for (const std::string& key : *keys) {
    if (!is_placeholder_key(key, sigil)) {
      throw errors::validation(std::string(map_name) +
                               " contains invalid key: Syntax error; key: \"" + key + "\"");
    }
  }
}

}  // namespace

Resolver::Resolver(std::vector<std::pair<std::string, std::string>> names,
                   std::vector<std::string> values)
    : names_(std::move(names)),
      values_(std::move(values)),
      name_used_(names_.size(), false),
      value_used_(values_.size(), false) {
  for (std::size_t i = 0; i < names_.size(); ++i) name_index_.emplace(names_[i].first, i);
  for (std::size_t i = 0; i < values_.size(); ++i) value_index_.emplace(values_[i], i);
}

std::optional<std::string> Resolver::use_name(const std::string& placeholder) {
  auto found = name_index_.find(placeholder);
  if (found == name_index_.end()) return std::nullopt;
  name_used_[found->second] = true;
  return names_[found->second].second;
}

bool Resolver::use_value(const std::string& placeholder) {
  auto found = value_index_.find(placeholder);
  if (found == value_index_.end()) return false;
  value_used_[found->second] = true;
  return true;
}

void Resolver::resolve(ConditionExpression& expression, const LeafCheck& leaf_check) {
  internal::ResolvePass(*this, expression.kind).resolve_condition(expression.root, leaf_check);
}

void Resolver::resolve(UpdateExpression& update) {
  internal::ResolvePass(*this, ExpressionKind::kUpdate).resolve_update(update);
}

void Resolver::resolve(ProjectionExpression& projection) {
  internal::ResolvePass(*this, ExpressionKind::kProjection).resolve_projection(projection);
}

void Resolver::check_unused() const {
  std::vector<std::string> unused;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (!name_used_[i]) unused.push_back(names_[i].first);
  }
  if (!unused.empty()) {
    throw errors::validation(unused_keys_detail("ExpressionAttributeNames", unused, names_.size()));
  }
  for (std::size_t i = 0; i < values_.size(); ++i) {
    if (!value_used_[i]) unused.push_back(values_[i]);
  }
  if (!unused.empty()) {
    throw errors::validation(
        unused_keys_detail("ExpressionAttributeValues", unused, values_.size()));
  }
}

void check_placeholder_maps(const std::vector<std::string>* name_keys,
                            const std::vector<std::string>* value_keys) {
  check_map(name_keys, "ExpressionAttributeNames", '#');
  check_map(value_keys, "ExpressionAttributeValues", ':');
}

}  // namespace localcloud::dynamodb::expressions
