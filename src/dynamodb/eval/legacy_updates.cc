// AttributeUpdates and AttributesToGet converted to the expression AST, with
// the checks AWS makes on them (texts from dynalite's recorded answers).
#include <set>
#include <string>

#include "eval/legacy.h"
#include "eval/legacy_support.h"
#include "eval/messages.h"
#include "eval/values.h"

namespace localcloud::dynamodb::eval {
namespace {

using expressions::UpdateClause;
using expressions::UpdateExpression;
using internal::fail_invalid;
using model::AttributeType;
using nlohmann::json;

enum class Action { kPut, kAdd, kDelete };

Action read_action(const json* action) {
  if (action == nullptr) return Action::kPut;  // AWS's documented default
  if (action->is_string()) {
    const std::string& text = action->get_ref<const std::string&>();
    if (text == "PUT") return Action::kPut;
    if (text == "ADD") return Action::kAdd;
    if (text == "DELETE") return Action::kDelete;
  }
  // The api layer's enum check normally answers first.
  throw localcloud::errors::validation(
      "1 validation error detected: Value '" +
      (action->is_string() ? action->get<std::string>() : action->dump()) +
      "' at 'attributeUpdates' failed to satisfy constraint: Member must satisfy enum value set: "
      "[ADD, PUT, DELETE]");
}

bool addable(AttributeType type) {
  return type == AttributeType::kN || type == AttributeType::kL || internal::is_set(type);
}

void note(UpdateExpression& update, UpdateClause clause, std::size_t index) {
  update.written_order.push_back({clause, index});
}

}  // namespace

UpdateExpression update_from_attribute_updates(const json& updates, Values& values) {
  if (!updates.is_object()) throw localcloud::errors::serialization("Expected map or null");
  UpdateExpression update;
  for (const auto& [attribute, spec] : updates.items()) {
    const Action action = read_action(internal::member(spec, "Action"));
    const json* wire = internal::member(spec, "Value");
    std::optional<model::AttributeValue> value;
    if (wire != nullptr) value = internal::parse_value(*wire);
    if (!value && action != Action::kDelete) {
      fail_invalid(messages::kDeleteWithoutValue);
    }
    const std::string type = value ? std::string(model::type_name(value->type())) : "";
    if (value && action == Action::kDelete && !internal::is_set(value->type())) {
      fail_invalid("DELETE action with value is not supported for the type " + type);
    }
    if (value && action == Action::kAdd && !addable(value->type())) {
      fail_invalid("ADD action is not supported for the type " + type);
    }

    expressions::DocumentPath path = internal::attribute_path(attribute);
    if (!value) {
      update.remove_actions.push_back({std::move(path)});
      note(update, UpdateClause::kRemove, update.remove_actions.size() - 1);
      continue;
    }
    expressions::Operand operand = internal::add_value(values, std::move(*value));
    switch (action) {
      case Action::kPut:
        update.set_actions.push_back(
            {std::move(path),
             expressions::SetValue{std::move(operand), expressions::SetValue::Op::kNone,
                                   std::nullopt}});
        note(update, UpdateClause::kSet, update.set_actions.size() - 1);
        break;
      case Action::kAdd:
        update.add_actions.push_back({std::move(path), *operand.value()});
        note(update, UpdateClause::kAdd, update.add_actions.size() - 1);
        break;
      case Action::kDelete:
        update.delete_actions.push_back({std::move(path), *operand.value()});
        note(update, UpdateClause::kDelete, update.delete_actions.size() - 1);
        break;
    }
  }
  return update;
}

expressions::ProjectionExpression projection_from_attributes_to_get(const json& names) {
  if (!names.is_array()) throw localcloud::errors::serialization("Expected list or null");
  expressions::ProjectionExpression projection;
  std::set<std::string> seen;
  for (const json& name : names) {
    if (!name.is_string())
      throw localcloud::errors::serialization("Unexpected value type in payload");
    const std::string& text = name.get_ref<const std::string&>();
    if (!seen.insert(text).second) {
      fail_invalid("Duplicate value in attribute name: " + text);
    }
    projection.paths.push_back(internal::attribute_path(text));
  }
  return projection;
}

}  // namespace localcloud::dynamodb::eval
