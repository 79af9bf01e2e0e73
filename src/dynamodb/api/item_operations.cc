#include "api/item_operations.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/flat_request.h"
#include "api/item_request.h"
#include "api/validation.h"
#include "api/write_action.h"
#include "errors.h"
#include "eval/legacy.h"
#include "storage/items.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;
using storage::ItemStore;

// Runs `job` in the next group commit and replies with the JSON it returns.
void write_job(Context& ctx, Reply reply, std::function<json(sqlite::Connection&)> job) {
  auto body = std::make_shared<std::string>();
  ctx.store.write_async(
      [job = std::move(job), body](sqlite::Connection& conn) { *body = job(conn).dump(); },
      [reply = std::move(reply), body](std::exception_ptr error) {
        if (error) return reply(outcome_from(error));
        reply(Outcome{std::move(*body), std::nullopt});
      },
      true);
}

// PutItem, DeleteItem, UpdateItem: one action, evaluated and applied at once.
WriteAction read_single_write(Context& ctx, WriteKind kind, const json& input,
                              const std::string& name) {
  ParsedWrite parsed =
      read_write(kind, input, WriteDialect{true, {model::MessageStyle::kCurrent, true}, ""});
  return bind(std::move(parsed), require_item_table(ctx.tables, name));
}

// Evaluates and applies `action`, failing as a single write does; an item
// that a transaction of this group commit holds is not to be touched.
Evaluated run_single_write(sqlite::Connection& conn, storage::InFlightItems& in_flight,
                           const WriteAction& action) {
  const int64_t table = action.table->id;
  if (in_flight.holder(table, action.key.pk, action.key.sk) ==
      storage::InFlightItems::Holder::kTransaction)
    throw errors::transaction_conflict();
  Evaluated ev = evaluate(conn, action);
  if (ev.condition_failed) throw condition_failure(action, ev);
  apply(conn, action, ev);
  in_flight.hold(table, action.key.pk, action.key.sk, storage::InFlightItems::Holder::kWrite);
  return ev;
}

// PutItem and DeleteItem once read: one write, ReturnValues NONE or ALL_OLD.
void replace_or_delete(Context& ctx, const std::string& name, ReturnValues return_values,
                       CapacityMode mode, ParsedWrite parsed, Reply reply) {
  WriteAction action = bind(std::move(parsed), require_item_table(ctx.tables, name));
  action.needs_current = return_values == ReturnValues::kAllOld;
  write_job(ctx, std::move(reply),
            [=, action = std::move(action), in_flight = &ctx.in_flight](sqlite::Connection& conn) {
              Evaluated ev = run_single_write(conn, *in_flight, action);
              json out = json::object();
              if (return_values == ReturnValues::kAllOld && ev.current)
                out["Attributes"] = model::item_to_json(*ev.current);
              add_consumed_capacity(out, mode, name, write_units(written_size(action, ev)));
              return out;
            });
}

void replace_or_delete(Context& ctx, WriteKind kind, const json& input, Reply reply) {
  std::string name = table_name_for_items(input);
  auto return_values = read_return_values(input, false);
  auto mode = read_capacity_mode(input);
  ParsedWrite parsed =
      read_write(kind, input, WriteDialect{true, {model::MessageStyle::kCurrent, true}, ""});
  replace_or_delete(ctx, name, return_values, mode, std::move(parsed), std::move(reply));
}

// GetItem once read: the stored JSON goes out as stored unless a projection
// asks for less.
void get_by_key(Context& ctx, const std::string& name, const model::Item& key, bool consistent,
                CapacityMode mode,
                const std::optional<expressions::ProjectionExpression>& projection, Reply reply) {
  auto table = require_item_table(ctx.tables, name);
  EncodedKey encoded = key_from_key_param(*table, key);

  auto stored = ctx.store.read([&](sqlite::Connection& conn) {
    return ItemStore::get(conn, table->id, encoded.pk, encoded.sk);
  });
  double units = read_units(stored ? stored->size : 0, consistent);
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

void get_item(Context& ctx, const json& input, Reply reply) {
  std::string name = table_name_for_items(input);
  model::Item key = read_item_member(input, "Key", "key");
  auto mode = read_capacity_mode(input);
  const json* consistent = member(input, "ConsistentRead", Shape::kBoolean);
  eval::check_parameter_mix(input, eval::Operation::kGetItem);
  ExpressionContext ec = read_expression_context(input);
  auto projection = read_projection(input, ec, true);
  ec.resolver.check_unused();
  get_by_key(ctx, name, key, consistent && consistent->get<bool>(), mode, projection,
             std::move(reply));
}

void put_item(Context& ctx, const json& input, Reply reply) {
  replace_or_delete(ctx, WriteKind::kPut, input, std::move(reply));
}

void delete_item(Context& ctx, const json& input, Reply reply) {
  replace_or_delete(ctx, WriteKind::kDelete, input, std::move(reply));
}

// UpdateItem: the update runs against the current item (or one holding
// only the key) inside the write job, so concurrent updates serialize.
void update_item(Context& ctx, const json& input, Reply reply) {
  std::string name = table_name_for_items(input);
  auto return_values = read_return_values(input, true);
  auto mode = read_capacity_mode(input);
  WriteAction action = read_single_write(ctx, WriteKind::kUpdate, input, name);
  write_job(ctx, std::move(reply), [=, in_flight = &ctx.in_flight](sqlite::Connection& conn) {
    Evaluated ev = run_single_write(conn, *in_flight, action);
    json out = json::object();
    model::Item returned;
    switch (return_values) {
      case ReturnValues::kNone: break;
      case ReturnValues::kAllOld:
        if (ev.current) returned = *ev.current;
        break;
      case ReturnValues::kUpdatedOld:
        if (ev.current) returned = eval::project(*ev.current, ev.changed);
        break;
      case ReturnValues::kAllNew: returned = *ev.updated; break;
      case ReturnValues::kUpdatedNew: returned = eval::project(*ev.updated, ev.changed); break;
    }
    if (!returned.empty()) out["Attributes"] = model::item_to_json(returned);
    add_consumed_capacity(out, mode, name, write_units(written_size(action, ev)));
    return out;
  });
}

bool flat_operation(Context& ctx, std::string_view name, std::string_view body, Reply& reply) {
  if (name == "PutItem") {
    auto flat = read_flat_request(body, FlatShape::kPutItem);
    if (!flat) return false;
    ParsedWrite parsed;
    parsed.kind = WriteKind::kPut;
    parsed.item = std::move(flat->item);
    parsed.expressions =
        std::make_shared<ExpressionContext>(ExpressionContext{{{}, {}}, {}, false, false});
    replace_or_delete(ctx, flat->table, ReturnValues::kNone, CapacityMode::kNone,
                      std::move(parsed), std::move(reply));
    return true;
  }
  if (name == "GetItem") {
    auto flat = read_flat_request(body, FlatShape::kGetItem);
    if (!flat) return false;
    get_by_key(ctx, flat->table, flat->item, flat->consistent_read, CapacityMode::kNone,
               std::nullopt, std::move(reply));
    return true;
  }
  return false;
}

}  // namespace localcloud::dynamodb::api
