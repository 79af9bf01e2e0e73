#include "api/item_operations.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/item_request.h"
#include "api/validation.h"
#include "errors.h"
#include "eval/legacy.h"
#include "expressions/parser.h"
#include "model/item_size.h"
#include "storage/indexes.h"
#include "storage/items.h"
#include "storage/writes.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;
using storage::ItemStore;
using storage::StoredItem;

std::string table_name_for_items(const json& input) {
  Validator v;
  auto name = v.optional_string(input, "TableName", "tableName", 3, 255, kTableNamePattern);
  if (!name) v.fail_null("tableName");
  v.throw_if_failed();
  return *name;
}

// Reads a required item-shaped map member (Item, Key).
model::Item read_item_member(const json& input, std::string_view field, std::string_view path) {
  const json* value = member(input, field, Shape::kMap);
  if (!value) {
    Validator v;
    v.fail_null(path);
    v.throw_if_failed();
  }
  return model::item_from_json(*value, model::ParseOptions{model::MessageStyle::kCurrent, true});
}

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

ReturnValues read_return_values(const json& input, bool update) {
  auto text = string_member(input, "ReturnValues");
  if (!text || *text == "NONE") return ReturnValues::kNone;
  static const std::pair<const char*, ReturnValues> kAll[] = {
      {"ALL_OLD", ReturnValues::kAllOld}, {"UPDATED_OLD", ReturnValues::kUpdatedOld},
      {"ALL_NEW", ReturnValues::kAllNew}, {"UPDATED_NEW", ReturnValues::kUpdatedNew}};
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

// ReturnValuesOnConditionCheckFailure: ALL_OLD puts the item in the error.
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

// Shared, because the write job that evaluates it must be copyable.
using ConditionPtr = std::shared_ptr<const expressions::ConditionExpression>;

// ConditionExpression, or the legacy Expected (+ ConditionalOperator).
ConditionPtr read_condition(const json& input, ExpressionContext& ec) {
  auto text = string_member(input, "ConditionExpression");
  if (!text) {
    auto legacy = eval::condition_from_expected(member(input, "Expected", Shape::kMap),
                                                member(input, "ConditionalOperator", Shape::kString),
                                                ec.values);
    if (!legacy) return nullptr;
    return std::make_shared<expressions::ConditionExpression>(std::move(*legacy));
  }
  auto condition = std::make_shared<expressions::ConditionExpression>(
      expressions::parse_condition(*text, expressions::ExpressionKind::kCondition));
  ec.resolver.resolve(*condition,
                      eval::leaf_check(ec.values, expressions::ExpressionKind::kCondition));
  return condition;
}

// ProjectionExpression, or the legacy AttributesToGet.
std::optional<expressions::ProjectionExpression> read_projection(const json& input,
                                                                 ExpressionContext& ec) {
  auto text = string_member(input, "ProjectionExpression");
  if (!text) {
    if (const json* names = member(input, "AttributesToGet", Shape::kList))
      return eval::projection_from_attributes_to_get(*names);
    return std::nullopt;
  }
  auto projection = expressions::parse_projection(*text);
  ec.resolver.resolve(projection);
  return projection;
}

// Fails the write when the condition does not hold for the current item.
void check_condition(const ConditionPtr& condition,
                     const eval::Values& values, const std::optional<model::Item>& current,
                     bool return_item) {
  if (!condition) return;
  if (eval::matches(condition->root, current ? &*current : nullptr, values)) return;
  AwsError error = errors::conditional_check_failed();
  if (return_item && current) error.with_field("Item", model::item_to_json(*current).dump());
  throw error;
}

void check_size(const model::Item& item) {
  if (model::item_size(item) > model::kMaxItemBytes) throw model::errors::item_too_large();
}

// Runs `job` in the next group commit and replies with the JSON it returns.
void write_job(Context& ctx, Reply reply, std::function<json(sqlite::Connection&)> job) {
  auto body = std::make_shared<std::string>();
  ctx.store.write_async(
      [job = std::move(job), body](sqlite::Connection& conn) { *body = job(conn).dump(); },
      [reply = std::move(reply), body](std::exception_ptr error) {
        if (error) return reply(outcome_from(error));
        reply(Outcome{std::move(*body), std::nullopt});
      });
}

std::optional<model::Item> load(sqlite::Connection& conn, int64_t table_id, const EncodedKey& key,
                                std::optional<StoredItem>& stored) {
  stored = ItemStore::get(conn, table_id, key.pk, key.sk);
  if (!stored) return std::nullopt;
  return parse_stored(stored->json);
}

}  // namespace

Outcome outcome_from(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const AwsError& e) {
    return Outcome{"", e};
  } catch (const std::exception& e) {
    spdlog::error("DynamoDB write failed: {}", e.what());
    return Outcome{"", localcloud::errors::internal_server_error()};
  }
}

// GetItem: the stored JSON goes out as stored unless a projection asks for less.
void get_item(Context& ctx, const json& input, Reply reply) {
  std::string name = table_name_for_items(input);
  model::Item key = read_item_member(input, "Key", "key");
  auto mode = read_capacity_mode(input);
  const json* consistent = member(input, "ConsistentRead", Shape::kBoolean);
  eval::check_parameter_mix(input, eval::Operation::kGetItem);
  ExpressionContext ec = read_expression_context(input);
  auto projection = read_projection(input, ec);
  ec.resolver.check_unused();
  auto table = require_item_table(ctx.tables, name);
  EncodedKey encoded = key_from_key_param(*table, key);

  auto stored = ctx.store.read([&](sqlite::Connection& conn) {
    return ItemStore::get(conn, table->id, encoded.pk, encoded.sk);
  });
  bool strong = consistent && consistent->get<bool>();
  double units = read_units(stored ? stored->size : 0, strong);
  if (!projection && mode == CapacityMode::kNone) {
    return reply(Outcome{stored ? "{\"Item\":" + stored->json + "}" : "{}", std::nullopt});
  }
  json out = json::object();
  if (stored) {
    out["Item"] = projection ? model::item_to_json(eval::project(parse_stored(stored->json),
                                                                 projection->paths))
                             : json::parse(stored->json);
  }
  add_consumed_capacity(out, mode, name, units);
  reply(Outcome{out.dump(), std::nullopt});
}

void put_item(Context& ctx, const json& input, Reply reply) {
  std::string name = table_name_for_items(input);
  auto return_values = read_return_values(input, false);
  auto return_on_failure = read_return_on_failure(input);
  auto mode = read_capacity_mode(input);
  model::Item item = read_item_member(input, "Item", "item");
  eval::check_parameter_mix(input, eval::Operation::kPutItem);
  auto ec = std::make_shared<ExpressionContext>(read_expression_context(input));
  auto condition = read_condition(input, *ec);
  ec->resolver.check_unused();
  auto table = require_item_table(ctx.tables, name);
  EncodedKey key = key_from_item(*table, item);
  check_size(item);
  int64_t size = static_cast<int64_t>(model::item_size(item));
  std::string body = model::item_to_json(item).dump();
  auto next = std::make_shared<const model::Item>(std::move(item));

  // Parsing the stored item costs more than the write: only when needed.
  bool needs_current = condition || return_values == ReturnValues::kAllOld;
  write_job(ctx, std::move(reply), [=](sqlite::Connection& conn) {
    std::optional<StoredItem> stored = ItemStore::get(conn, table->id, key.pk, key.sk);
    std::optional<model::Item> current;
    if (stored && needs_current) current = parse_stored(stored->json);
    check_condition(condition, ec->values, current, return_on_failure);
    storage::write_item(conn, *table, {key.pk, key.sk, *next, body, size}, stored);
    json out = json::object();
    if (return_values == ReturnValues::kAllOld && current)
      out["Attributes"] = model::item_to_json(*current);
    add_consumed_capacity(out, mode, name,
                          write_units(std::max(size, stored ? stored->size : int64_t{0})));
    return out;
  });
}

void delete_item(Context& ctx, const json& input, Reply reply) {
  std::string name = table_name_for_items(input);
  auto return_values = read_return_values(input, false);
  auto return_on_failure = read_return_on_failure(input);
  auto mode = read_capacity_mode(input);
  model::Item key_item = read_item_member(input, "Key", "key");
  eval::check_parameter_mix(input, eval::Operation::kDeleteItem);
  auto ec = std::make_shared<ExpressionContext>(read_expression_context(input));
  auto condition = read_condition(input, *ec);
  ec->resolver.check_unused();
  auto table = require_item_table(ctx.tables, name);
  EncodedKey key = key_from_key_param(*table, key_item);

  bool needs_current = condition || return_values == ReturnValues::kAllOld;
  write_job(ctx, std::move(reply), [=](sqlite::Connection& conn) {
    std::optional<StoredItem> stored = ItemStore::get(conn, table->id, key.pk, key.sk);
    std::optional<model::Item> current;
    if (stored && needs_current) current = parse_stored(stored->json);
    check_condition(condition, ec->values, current, return_on_failure);
    if (stored) storage::delete_item(conn, *table, *stored);
    json out = json::object();
    if (return_values == ReturnValues::kAllOld && current)
      out["Attributes"] = model::item_to_json(*current);
    add_consumed_capacity(out, mode, name, write_units(stored ? stored->size : 0));
    return out;
  });
}

// UpdateItem: the update runs against the current item (or one holding
// only the key) inside the write job, so concurrent updates serialize.
void update_item(Context& ctx, const json& input, Reply reply) {
  std::string name = table_name_for_items(input);
  auto return_values = read_return_values(input, true);
  auto return_on_failure = read_return_on_failure(input);
  auto mode = read_capacity_mode(input);
  model::Item key_item = read_item_member(input, "Key", "key");
  eval::check_parameter_mix(input, eval::Operation::kUpdateItem);
  auto ec = std::make_shared<ExpressionContext>(read_expression_context(input));
  std::shared_ptr<expressions::UpdateExpression> update;
  auto dialect = eval::UpdateDialect::kExpression;
  if (auto text = string_member(input, "UpdateExpression")) {
    update = std::make_shared<expressions::UpdateExpression>(expressions::parse_update(*text));
    ec->resolver.resolve(*update);
  } else if (const json* legacy = member(input, "AttributeUpdates", Shape::kMap)) {
    update = std::make_shared<expressions::UpdateExpression>(
        eval::update_from_attribute_updates(*legacy, ec->values));
    dialect = eval::UpdateDialect::kAttributeUpdates;
  }
  auto condition = read_condition(input, *ec);
  ec->resolver.check_unused();
  if (update && dialect == eval::UpdateDialect::kExpression)
    eval::check_update_values(*update, ec->values);
  auto table = require_item_table(ctx.tables, name);
  EncodedKey key = key_from_key_param(*table, key_item);
  if (update) {
    for (const auto& action : update->written_order) {
      const auto& first = update->target(action).elements.front();
      if (first.text == table->hash.name || (table->range && first.text == table->range->name))
        throw errors::invalid_parameter("Cannot update attribute " + first.text +
                                        ". This attribute is part of the key");
    }
  }

  write_job(ctx, std::move(reply), [=](sqlite::Connection& conn) {
    std::optional<StoredItem> stored;
    auto current = load(conn, table->id, key, stored);
    check_condition(condition, ec->values, current, return_on_failure);
    model::Item item = current ? *current : key_item;
    std::vector<expressions::DocumentPath> changed;
    if (update) changed = eval::apply_update(*update, item, ec->values, dialect);
    check_size(item);
    if (!table->indexes.empty())
      storage::check_index_keys(*table, item, storage::IndexKeySource::kUpdate);
    int64_t size = static_cast<int64_t>(model::item_size(item));
    std::string body = model::item_to_json(item).dump();
    storage::write_item(conn, *table, {key.pk, key.sk, item, body, size}, stored);
    json out = json::object();
    model::Item returned;
    switch (return_values) {
      case ReturnValues::kNone: break;
      case ReturnValues::kAllOld:
        if (current) returned = *current;
        break;
      case ReturnValues::kUpdatedOld:
        if (current) returned = eval::project(*current, changed);
        break;
      case ReturnValues::kAllNew: returned = item; break;
      case ReturnValues::kUpdatedNew: returned = eval::project(item, changed); break;
    }
    if (!returned.empty()) out["Attributes"] = model::item_to_json(returned);
    add_consumed_capacity(out, mode, name,
                          write_units(std::max(size, stored ? stored->size : int64_t{0})));
    return out;
  });
}

}  // namespace localcloud::dynamodb::api
