#include "api/write_action.h"

#include "api/validation.h"
#include "errors.h"
#include "eval/legacy.h"
#include "expressions/parser.h"
#include "model/item_size.h"
#include "storage/indexes.h"
#include "storage/writes.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;

// AWS words an update's size failure apart from a put's: the update's size
// depends on the stored item (tests/tier3/limits/itemSizeBySurface in
// nubo-db/dynamodb-conformance, captured against AWS).
constexpr const char* kUpdateTooLarge = "Item size to update has exceeded the maximum allowed size";

eval::Operation operation_of(WriteKind kind) {
  switch (kind) {
    case WriteKind::kPut:
      return eval::Operation::kPutItem;
    case WriteKind::kUpdate:
      return eval::Operation::kUpdateItem;
    default:
      return eval::Operation::kDeleteItem;
  }
}

// ConditionExpression, or (when `legacy`) Expected + ConditionalOperator.
std::shared_ptr<const expressions::ConditionExpression> read_condition(const json& input,
                                                                       ExpressionContext& ec,
                                                                       bool legacy) {
  auto text = string_member(input, "ConditionExpression");
  if (!text) {
    if (!legacy) return nullptr;
    auto parsed = eval::condition_from_expected(
        member(input, "Expected", Shape::kMap),
        member(input, "ConditionalOperator", Shape::kString), ec.values);
    if (!parsed) return nullptr;
    return std::make_shared<expressions::ConditionExpression>(std::move(*parsed));
  }
  auto condition = std::make_shared<expressions::ConditionExpression>(
      expressions::parse_condition(*text, expressions::ExpressionKind::kCondition));
  ec.resolver.resolve(*condition,
                      eval::leaf_check(ec.values, expressions::ExpressionKind::kCondition));
  return condition;
}

void check_size(const model::Item& item) {
  if (model::item_size(item) > model::kMaxItemBytes) throw model::errors::item_too_large();
}

}  // namespace

ReturnValues read_return_values(const json& input, bool update) {
  auto text = string_member(input, "ReturnValues");
  if (!text || *text == "NONE") return ReturnValues::kNone;
  static const std::pair<const char*, ReturnValues> kAll[] = {
      {"ALL_OLD", ReturnValues::kAllOld},
      {"UPDATED_OLD", ReturnValues::kUpdatedOld},
      {"ALL_NEW", ReturnValues::kAllNew},
      {"UPDATED_NEW", ReturnValues::kUpdatedNew}};
  for (auto [name, value] : kAll) {
    if (*text != name) continue;
    if (!update && value != ReturnValues::kAllOld)
      throw errors::validation("ReturnValues can only be ALL_OLD or NONE");
    return value;
  }
  Validator v;
  v.fail(*text, "returnValues",
         "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
  v.throw_if_failed();
  return ReturnValues::kNone;
}

bool read_return_on_failure(const json& input) {
  auto text = string_member(input, "ReturnValuesOnConditionCheckFailure");
  if (!text || *text == "NONE") return false;
  if (*text == "ALL_OLD") return true;
  Validator v;
  v.fail(*text, "returnValuesOnConditionCheckFailure",
         "Member must satisfy enum value set: [ALL_OLD, NONE]");
  v.throw_if_failed();
  return false;
}

std::string table_name_for_items(const json& input) {
  Validator v;
  auto name = v.optional_string(input, "TableName", "tableName", 3, 255, kTableNamePattern);
  if (!name) v.fail_null("tableName");
  v.throw_if_failed();
  return *name;
}

model::Item read_item_member(const json& input, std::string_view field, std::string_view path,
                             const model::ParseOptions& options) {
  const json* value = member(input, field, Shape::kMap);
  if (!value) {
    Validator v;
    v.fail_null(path);
    v.throw_if_failed();
  }
  return model::item_from_json(*value, options);
}

std::optional<expressions::ProjectionExpression> read_projection(const json& input,
                                                                 ExpressionContext& ec,
                                                                 bool legacy) {
  auto text = string_member(input, "ProjectionExpression");
  if (!text) {
    if (legacy)
      if (const json* names = member(input, "AttributesToGet", Shape::kList))
        return eval::projection_from_attributes_to_get(*names);
    return std::nullopt;
  }
  auto projection = expressions::parse_projection(*text);
  ec.resolver.resolve(projection);
  return projection;
}

ParsedWrite read_write(WriteKind kind, const json& input, const WriteDialect& dialect) {
  ParsedWrite out;
  out.kind = kind;
  out.return_item_on_failure = read_return_on_failure(input);
  const bool put = kind == WriteKind::kPut;
  const json* body = member(input, put ? "Item" : "Key", Shape::kMap);
  {
    Validator v;
    if (!body) v.fail_null(dialect.path_prefix + (put ? "item" : "key"));
    if (!dialect.legacy && kind == WriteKind::kUpdate &&
        !member(input, "UpdateExpression", Shape::kString))
      v.fail_null(dialect.path_prefix + "updateExpression");
    if (kind == WriteKind::kConditionCheck && !member(input, "ConditionExpression", Shape::kString))
      v.fail_null(dialect.path_prefix + "conditionExpression");
    v.throw_if_failed();
  }
  out.item = model::item_from_json(*body, dialect.values);
  if (dialect.legacy) eval::check_parameter_mix(input, operation_of(kind));
  out.expressions = std::make_shared<ExpressionContext>(read_expression_context(input));
  ExpressionContext& ec = *out.expressions;
  if (kind == WriteKind::kUpdate) {
    if (auto text = string_member(input, "UpdateExpression")) {
      auto update =
          std::make_shared<expressions::UpdateExpression>(expressions::parse_update(*text));
      ec.resolver.resolve(*update);
      out.update = std::move(update);
    } else if (const json* legacy =
                   dialect.legacy ? member(input, "AttributeUpdates", Shape::kMap) : nullptr) {
      out.update = std::make_shared<expressions::UpdateExpression>(
          eval::update_from_attribute_updates(*legacy, ec.values));
      out.update_dialect = eval::UpdateDialect::kAttributeUpdates;
    }
  }
  out.condition = read_condition(input, ec, dialect.legacy);
  ec.resolver.check_unused();
  if (out.update && out.update_dialect == eval::UpdateDialect::kExpression)
    eval::check_update_values(*out.update, ec.values);
  return out;
}

WriteAction bind(ParsedWrite parsed, storage::TablePtr table) {
  WriteAction a;
  a.kind = parsed.kind;
  a.table = std::move(table);
  const storage::TableInfo& info = *a.table;
  if (parsed.kind == WriteKind::kPut) {
    a.key = key_from_item(info, parsed.item);
    check_size(parsed.item);
    a.item_size = static_cast<int64_t>(model::item_size(parsed.item));
    a.item_json = model::item_to_wire(parsed.item);
  } else {
    a.key = key_from_key_param(info, parsed.item);
  }
  if (parsed.update) {
    for (const auto& written : parsed.update->written_order) {
      const auto& first = parsed.update->target(written).elements.front();
      if (first.text == info.hash.name || (info.range && first.text == info.range->name))
        throw errors::invalid_parameter("Cannot update attribute " + first.text +
                                        ". This attribute is part of the key");
    }
  }
  if (parsed.kind == WriteKind::kPut || parsed.kind == WriteKind::kUpdate)
    a.item = std::make_shared<const model::Item>(std::move(parsed.item));
  a.expressions = std::move(parsed.expressions);
  a.condition = std::move(parsed.condition);
  a.update = std::move(parsed.update);
  a.update_dialect = parsed.update_dialect;
  a.return_item_on_failure = parsed.return_item_on_failure;
  return a;
}

Evaluated evaluate(sqlite::Connection& conn, const WriteAction& action) {
  Evaluated ev;
  ev.stored = storage::ItemStore::get(conn, action.table->id, action.key.pk, action.key.sk);
  // Parsing the stored item costs more than a put: only when needed.
  bool needs_current =
      action.condition || action.needs_current || action.kind == WriteKind::kUpdate;
  if (ev.stored && needs_current) ev.current = parse_stored(ev.stored->json);
  if (action.condition &&
      !eval::matches(action.condition->root, ev.current ? &*ev.current : nullptr,
                     action.expressions->values)) {
    ev.condition_failed = true;
    return ev;
  }
  // An index key of another type than declared fails the write (for a put,
  // storage::write_item would find it too; here it is found before any write).
  if (action.kind == WriteKind::kPut && !action.table->indexes.empty())
    storage::check_index_keys(*action.table, *action.item, storage::IndexKeySource::kItem);
  if (action.kind != WriteKind::kUpdate) return ev;
  ev.updated = ev.current ? *ev.current : *action.item;
  if (action.update)
    ev.changed = eval::apply_update(*action.update, *ev.updated, action.expressions->values,
                                    action.update_dialect);
  ev.updated_size = static_cast<int64_t>(model::item_size(*ev.updated));
  if (ev.updated_size > static_cast<int64_t>(model::kMaxItemBytes))
    throw errors::validation(kUpdateTooLarge);
  if (!action.table->indexes.empty())
    storage::check_index_keys(*action.table, *ev.updated, storage::IndexKeySource::kUpdate);
  ev.updated_json = model::item_to_wire(*ev.updated);
  return ev;
}

void apply(sqlite::Connection& conn, const WriteAction& action, const Evaluated& ev) {
  const storage::TableInfo& table = *action.table;
  switch (action.kind) {
    case WriteKind::kPut:
      storage::write_item(
          conn, table,
          {action.key.pk, action.key.sk, *action.item, action.item_json, action.item_size},
          ev.stored);
      break;
    case WriteKind::kUpdate:
      storage::write_item(
          conn, table,
          {action.key.pk, action.key.sk, *ev.updated, ev.updated_json, ev.updated_size}, ev.stored);
      break;
    case WriteKind::kDelete:
      if (ev.stored) storage::delete_item(conn, table, *ev.stored);
      break;
    case WriteKind::kConditionCheck:
      break;
  }
}

AwsError condition_failure(const WriteAction& action, const Evaluated& ev) {
  AwsError error = errors::conditional_check_failed();
  if (action.return_item_on_failure && ev.current)
    error.with_field("Item", model::item_to_wire(*ev.current));
  return error;
}

int64_t written_size(const WriteAction& action, const Evaluated& ev) {
  int64_t before = ev.stored ? ev.stored->size : 0;
  switch (action.kind) {
    case WriteKind::kPut:
      return std::max(before, action.item_size);
    case WriteKind::kUpdate:
      return std::max(before, ev.updated_size);
    default:
      return before;
  }
}

}  // namespace localcloud::dynamodb::api
