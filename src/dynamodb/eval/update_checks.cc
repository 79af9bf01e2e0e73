// check_update_values(): the operand type checks of an UpdateExpression that
// AWS makes before reading the item, action by action in written order:
// list_append takes lists, + and - take numbers, ADD a number or a set,
// DELETE a set.
#include <string>

#include "eval/messages.h"
#include "eval/operand_types.h"
#include "eval/values.h"

namespace localcloud::dynamodb::eval {
namespace {

using expressions::ExpressionKind;
using expressions::Operand;
using expressions::SetValue;
using model::AttributeType;
using Detail = std::optional<std::string>;

bool is_list(AttributeType type) { return type == AttributeType::kL; }
bool is_number(AttributeType type) { return type == AttributeType::kN; }
bool addable(AttributeType type) { return type == AttributeType::kN || internal::is_set(type); }

// Calls nested in a SET operand, innermost first.
Detail check_set_operand(const Operand& operand, const Values& values) {
  const expressions::FunctionCall* call = operand.call();
  if (call == nullptr) return std::nullopt;
  for (const Operand& argument : call->arguments) {
    if (Detail detail = check_set_operand(argument, values)) return detail;
  }
  if (call->name != "list_append") return std::nullopt;
  for (const Operand& argument : call->arguments) {
    if (Detail detail = internal::check_operand_type("list_append", argument, values, is_list)) {
      return detail;
    }
  }
  return std::nullopt;
}

Detail check_set_value(const SetValue& value, const Values& values) {
  if (Detail detail = check_set_operand(value.left, values)) return detail;
  if (value.right) {
    if (Detail detail = check_set_operand(*value.right, values)) return detail;
  }
  if (value.op == SetValue::Op::kNone || !value.right) return std::nullopt;
  const std::string_view op = value.op == SetValue::Op::kPlus ? "+" : "-";
  for (const Operand* operand : {&value.left, &*value.right}) {
    if (Detail detail = internal::check_operand_type(op, *operand, values, is_number)) {
      return detail;
    }
  }
  return std::nullopt;
}

// ADD and DELETE word their message differently from the functions.
Detail check_add_delete(std::string_view op, const expressions::ValueRef& ref, const Values& values,
                        bool (*allowed)(AttributeType)) {
  auto found = values.find(ref.name);
  if (found == values.end() || allowed(found->second.type())) return std::nullopt;
  std::string detail(messages::kIncorrectOperandType);
  detail += "operator: ";
  detail += op;
  detail += ", operand type: ";
  detail += internal::long_type_name(found->second.type());
  detail += messages::kAddDeleteTypeSet;
  return detail;
}

}  // namespace

void check_update_values(const expressions::UpdateExpression& update, const Values& values) {
  for (const expressions::UpdateExpression::ActionRef action : update.written_order) {
    Detail detail;
    switch (action.clause) {
      case expressions::UpdateClause::kSet:
        detail = check_set_value(update.set_actions[action.index].value, values);
        break;
      case expressions::UpdateClause::kAdd:
        detail = check_add_delete("ADD", update.add_actions[action.index].value, values, addable);
        break;
      case expressions::UpdateClause::kDelete:
        detail = check_add_delete("DELETE", update.delete_actions[action.index].value, values,
                                  internal::is_set);
        break;
      case expressions::UpdateClause::kRemove:
        break;
    }
    if (detail) throw expressions::invalid_expression(ExpressionKind::kUpdate, *detail);
  }
}

}  // namespace localcloud::dynamodb::eval
