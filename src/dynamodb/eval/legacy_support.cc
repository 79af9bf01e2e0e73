#include "eval/legacy_support.h"

#include "eval/messages.h"

namespace localcloud::dynamodb::eval::internal {

const nlohmann::json* member(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) return nullptr;
  return &*found;
}

void fail_invalid(std::string_view detail) {
  std::string message(messages::kInvalidParameters);
  message += detail;
  throw localcloud::errors::validation(std::move(message));
}

model::AttributeValue parse_value(const nlohmann::json& wire) {
  return model::AttributeValue::from_json(wire);
}

expressions::Operand add_value(Values& values, model::AttributeValue value) {
  // Legacy requests carry no ExpressionAttributeValues of their own, but a
  // counter past the largest key keeps the name fresh regardless.
  std::string name;
  for (std::size_t n = values.size();; ++n) {
    name = ":legacy" + std::to_string(n);
    if (!values.contains(name)) break;
  }
  values.emplace(name, std::move(value));
  return expressions::Operand{expressions::ValueRef{std::move(name)}};
}

expressions::DocumentPath attribute_path(const std::string& name) {
  return expressions::DocumentPath{{expressions::PathElement::attribute(name)}};
}

expressions::Operand attribute_operand(const std::string& name) {
  return expressions::Operand{attribute_path(name)};
}

}  // namespace localcloud::dynamodb::eval::internal
