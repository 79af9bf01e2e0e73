// apply_update(): an UpdateExpression (or converted AttributeUpdates)
// applied to an item in two phases. First every action's outcome is worked
// out against the item as it was, because AWS reads every operand before it
// writes anything ("SET a = b, b = a" swaps). Then the outcomes are written:
// all writes in path order, then all removals in reverse path order, so that
// list indexes keep meaning the positions they had before the update.
#include <algorithm>
#include <optional>
#include <string>

#include "eval/document.h"
#include "eval/evaluator.h"
#include "eval/messages.h"
#include "eval/values.h"

namespace localcloud::dynamodb::eval {
namespace {

using expressions::DocumentPath;
using expressions::Operand;
using expressions::PathElement;
using expressions::SetValue;
using expressions::UpdateClause;
using expressions::UpdateExpression;
using model::AttributeType;
using model::AttributeValue;

[[noreturn]] void fail(std::string_view message) {
  throw localcloud::errors::validation(std::string(message));
}

// What one action does to its path once every operand is known.
struct Outcome {
  enum class Kind { kWrite, kRemove, kNothing };

  const DocumentPath* path = nullptr;
  Kind kind = Kind::kNothing;
  std::optional<AttributeValue> value;  // kWrite
  DocumentPath written;                 // the path as applied (appends get their real index)
};

// ---- Phase 1: outcomes, read from the item before the update.

class Planner {
 public:
  Planner(const model::Item& item, const Values& values, UpdateDialect dialect)
      : item_(item), values_(values), dialect_(dialect) {}

  Outcome plan(const UpdateExpression& update, UpdateExpression::ActionRef action) const {
    Outcome outcome;
    outcome.path = &update.target(action);
    switch (action.clause) {
      case UpdateClause::kSet:
        outcome.kind = Outcome::Kind::kWrite;
        outcome.value = evaluate(update.set_actions[action.index].value);
        break;
      case UpdateClause::kRemove:
        outcome.kind = Outcome::Kind::kRemove;
        break;
      case UpdateClause::kAdd:
        outcome.kind = Outcome::Kind::kWrite;
        outcome.value = add(internal::find(item_, *outcome.path),
                            value(update.add_actions[action.index].value));
        break;
      case UpdateClause::kDelete:
        plan_delete(internal::find(item_, *outcome.path),
                    value(update.delete_actions[action.index].value), outcome);
        break;
    }
    return outcome;
  }

 private:
  const AttributeValue& value(const expressions::ValueRef& ref) const {
    auto found = values_.find(ref.name);
    if (found == values_.end()) {
      throw expressions::invalid_expression(
          expressions::ExpressionKind::kUpdate,
          "An expression attribute value used in expression is not defined; attribute value: " +
              ref.name);
    }
    return found->second;
  }

  [[noreturn]] void type_clash() const {
    fail(dialect_ == UpdateDialect::kAttributeUpdates ? messages::kLegacyTypeMismatch
                                                      : messages::kWrongOperandType);
  }

  AttributeValue operand(const Operand& operand) const {
    if (const DocumentPath* path = operand.path()) {
      const AttributeValue* found = internal::find(item_, *path);
      if (found == nullptr) fail(messages::kMissingOperand);
      return *found;
    }
    if (const expressions::ValueRef* ref = operand.value()) return value(*ref);
    const expressions::FunctionCall& call = *operand.call();
    if (call.name == "if_not_exists" && call.arguments.size() == 2) {
      if (const DocumentPath* path = call.arguments[0].path()) {
        if (const AttributeValue* found = internal::find(item_, *path)) return *found;
      }
      return this->operand(call.arguments[1]);
    }
    if (call.name == "list_append" && call.arguments.size() == 2) {
      AttributeValue first = this->operand(call.arguments[0]);
      if (first.type() != AttributeType::kL) fail(messages::kWrongOperandType);
      AttributeValue second = this->operand(call.arguments[1]);
      if (second.type() != AttributeType::kL) fail(messages::kWrongOperandType);
      AttributeValue::List joined = first.as_list();
      joined.insert(joined.end(), second.as_list().begin(), second.as_list().end());
      return AttributeValue::list(std::move(joined));
    }
    // The Resolver rejects every other function before we get here.
    fail(messages::kWrongOperandType);
  }

  AttributeValue evaluate(const SetValue& set) const {
    AttributeValue left = operand(set.left);
    if (set.op == SetValue::Op::kNone || !set.right) return left;
    if (left.type() != AttributeType::kN) fail(messages::kWrongOperandType);
    AttributeValue right = operand(*set.right);
    if (right.type() != AttributeType::kN) fail(messages::kWrongOperandType);
    return AttributeValue::number(set.op == SetValue::Op::kPlus
                                      ? left.as_number().add(right.as_number())
                                      : left.as_number().subtract(right.as_number()));
  }

  // ADD: numbers add, sets unite (existing members keep their order, new
  // ones follow), AttributeUpdates lists concatenate; a missing attribute
  // takes the operand as it is.
  AttributeValue add(const AttributeValue* old, const AttributeValue& operand) const {
    const AttributeType type = operand.type();
    const bool legacy_list =
        dialect_ == UpdateDialect::kAttributeUpdates && type == AttributeType::kL;
    if (type != AttributeType::kN && !internal::is_set(type) && !legacy_list) type_clash();
    if (old == nullptr) return operand;
    if (old->type() != type) type_clash();
    switch (type) {
      case AttributeType::kN:
        return AttributeValue::number(old->as_number().add(operand.as_number()));
      case AttributeType::kNs: {
        std::vector<model::Number> members = old->as_number_set();
        for (const model::Number& member : operand.as_number_set()) {
          if (std::find(members.begin(), members.end(), member) == members.end()) {
            members.push_back(member);
          }
        }
        return AttributeValue::number_set(std::move(members));
      }
      case AttributeType::kL: {
        AttributeValue::List elements = old->as_list();
        elements.insert(elements.end(), operand.as_list().begin(), operand.as_list().end());
        return AttributeValue::list(std::move(elements));
      }
      default: {
        std::vector<std::string> members = old->as_bytes_set();
        for (const std::string& member : operand.as_bytes_set()) {
          if (std::find(members.begin(), members.end(), member) == members.end()) {
            members.push_back(member);
          }
        }
        return type == AttributeType::kSs ? AttributeValue::string_set(std::move(members))
                                          : AttributeValue::binary_set(std::move(members));
      }
    }
  }

  // DELETE: set difference; a set left empty is removed, a missing
  // attribute stays missing.
  void plan_delete(const AttributeValue* old, const AttributeValue& operand,
                   Outcome& outcome) const {
    if (!internal::is_set(operand.type())) type_clash();
    if (old == nullptr) return;
    if (old->type() != operand.type()) type_clash();
    std::size_t remaining = 0;
    if (operand.type() == AttributeType::kNs) {
      std::vector<model::Number> members;
      const auto& drop = operand.as_number_set();
      for (const model::Number& member : old->as_number_set()) {
        if (std::find(drop.begin(), drop.end(), member) == drop.end()) members.push_back(member);
      }
      remaining = members.size();
      if (remaining > 0) outcome.value = AttributeValue::number_set(std::move(members));
    } else {
      std::vector<std::string> members;
      const auto& drop = operand.as_bytes_set();
      for (const std::string& member : old->as_bytes_set()) {
        if (std::find(drop.begin(), drop.end(), member) == drop.end()) members.push_back(member);
      }
      remaining = members.size();
      if (remaining > 0) {
        outcome.value = operand.type() == AttributeType::kSs
                            ? AttributeValue::string_set(std::move(members))
                            : AttributeValue::binary_set(std::move(members));
      }
    }
    outcome.kind = remaining > 0 ? Outcome::Kind::kWrite : Outcome::Kind::kRemove;
  }

  const model::Item& item_;
  const Values& values_;
  UpdateDialect dialect_;
};

// A nested target needs its parent to exist as the container its last step
// names: a map for a name, a list for an index.
void check_parent(const model::Item& item, const DocumentPath& path) {
  if (path.elements.size() < 2) return;
  DocumentPath parent_path;
  parent_path.elements.assign(path.elements.begin(), path.elements.end() - 1);
  const AttributeValue* parent = internal::find(item, parent_path);
  const AttributeType wanted =
      path.elements.back().is_index() ? AttributeType::kL : AttributeType::kM;
  if (parent == nullptr || parent->type() != wanted) fail(messages::kInvalidUpdatePath);
}

// ---- Phase 2: writing outcomes. Values are immutable, so a nested write
// rebuilds the containers on its path.

// `node` with the outcome applied at the path's steps from `depth` on.
AttributeValue rewrite(const AttributeValue& node, Outcome& outcome, std::size_t depth) {
  const PathElement& element = outcome.path->elements[depth];
  const bool last = depth + 1 == outcome.path->elements.size();
  if (element.is_index()) {
    if (node.type() != AttributeType::kL) fail(messages::kInvalidUpdatePath);
    AttributeValue::List list = node.as_list();
    const std::size_t index = element.index;
    if (!last) {
      if (index >= list.size()) fail(messages::kInvalidUpdatePath);
      list[index] = rewrite(list[index], outcome, depth + 1);
    } else if (outcome.kind == Outcome::Kind::kRemove) {
      if (index < list.size()) list.erase(list.begin() + static_cast<std::ptrdiff_t>(index));
    } else if (index < list.size()) {
      list[index] = std::move(*outcome.value);
    } else {
      // Past the end: appended, and reported at the index it got.
      outcome.written.elements[depth] = PathElement::list_index(std::to_string(list.size()));
      list.push_back(std::move(*outcome.value));
    }
    return AttributeValue::list(std::move(list));
  }
  if (node.type() != AttributeType::kM) fail(messages::kInvalidUpdatePath);
  AttributeValue::Map map = node.as_map();
  if (!last) {
    auto found = map.find(element.text);
    if (found == map.end()) fail(messages::kInvalidUpdatePath);
    found->second = rewrite(found->second, outcome, depth + 1);
  } else if (outcome.kind == Outcome::Kind::kRemove) {
    map.erase(element.text);
  } else {
    map.insert_or_assign(element.text, std::move(*outcome.value));
  }
  return AttributeValue::map(std::move(map));
}

void apply_outcome(model::Item& item, Outcome& outcome) {
  const std::string& name = outcome.path->elements.front().text;
  if (outcome.path->elements.size() == 1) {
    if (outcome.kind == Outcome::Kind::kRemove) {
      item.erase(name);
    } else {
      item.insert_or_assign(name, std::move(*outcome.value));
    }
    return;
  }
  auto found = item.find(name);
  if (found == item.end()) fail(messages::kInvalidUpdatePath);
  found->second = rewrite(found->second, outcome, 1);
}

}  // namespace

std::vector<DocumentPath> apply_update(const UpdateExpression& update, model::Item& item,
                                       const Values& values, UpdateDialect dialect) {
  if (dialect == UpdateDialect::kExpression) check_update_values(update, values);

  const Planner planner(item, values, dialect);
  std::vector<Outcome> outcomes;
  outcomes.reserve(update.written_order.size());
  for (const UpdateExpression::ActionRef action : update.written_order) {
    outcomes.push_back(planner.plan(update, action));
    outcomes.back().written = *outcomes.back().path;
  }
  for (const Outcome& outcome : outcomes) check_parent(item, *outcome.path);

  std::vector<Outcome*> writes;
  std::vector<Outcome*> removals;
  for (Outcome& outcome : outcomes) {
    if (outcome.kind == Outcome::Kind::kWrite) writes.push_back(&outcome);
    if (outcome.kind == Outcome::Kind::kRemove) removals.push_back(&outcome);
  }
  auto by_path = [](const Outcome* a, const Outcome* b) {
    return internal::path_less(*a->path, *b->path);
  };
  std::stable_sort(writes.begin(), writes.end(), by_path);
  std::stable_sort(removals.begin(), removals.end(), by_path);
  for (Outcome* outcome : writes) apply_outcome(item, *outcome);
  for (auto it = removals.rbegin(); it != removals.rend(); ++it) apply_outcome(item, **it);

  std::vector<DocumentPath> written;
  written.reserve(outcomes.size());
  for (Outcome& outcome : outcomes) written.push_back(std::move(outcome.written));
  return written;
}

std::vector<DocumentPath> apply_update(const UpdateExpression& update, model::Item& item,
                                       const Values& values) {
  return apply_update(update, item, values, UpdateDialect::kExpression);
}

}  // namespace localcloud::dynamodb::eval
