#include "api/batch_operations.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "api/item_operations.h"
#include "api/item_request.h"
#include "api/validation.h"
#include "errors.h"
#include "eval/legacy.h"
#include "expressions/parser.h"
#include "model/item_size.h"
#include "storage/items.h"
#include "storage/writes.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxWrites = 25;
constexpr size_t kMaxGets = 100;
constexpr int64_t kMaxBatchGetBytes = 16 * 1024 * 1024;

const json& request_items(const json& input) {
  const json* items = member(input, "RequestItems", Shape::kMap);
  if (!items) {
    Validator v;
    v.fail_null("requestItems");
    v.throw_if_failed();
  }
  if (items->empty())
    throw errors::validation(
        "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy "
        "constraint: Member must have length greater than or equal to 1");
  for (const auto& [name, _] : items->items()) {
    if (name.size() < 3 || name.size() > 255)
      throw errors::validation(
          "TableName must be at least 3 characters long and at most 255 characters long");
  }
  return *items;
}

// One write of a BatchWriteItem, validated and encoded before the job runs.
struct PendingWrite {
  storage::TablePtr table;
  EncodedKey key;
  bool is_put = false;
  std::string json;
  int64_t size = 0;
  std::shared_ptr<const model::Item> item;  // puts only
};

}  // namespace

// BatchWriteItem: up to 25 puts and deletes over any tables, applied in one
// transaction; UnprocessedItems is always present and empty.
void batch_write_item(Context& ctx, const json& input, Reply reply) {
  const json& items = request_items(input);
  auto mode = read_capacity_mode(input);
  size_t total = 0;
  for (const auto& [name, list] : items.items()) {
    if (!list.is_array()) throw_wrong_type(list, "an List");
    total += list.size();
    if (list.empty() || list.size() > kMaxWrites)
      throw errors::validation(
          "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
          "Map value must satisfy constraint: [Member must have length less than or equal to "
          "25, Member must have length greater than or equal to 1]");
  }
  if (total > kMaxWrites)
    throw errors::validation("Too many items requested for the BatchWriteItem call");

  const model::ParseOptions legacy{model::MessageStyle::kLegacy, false};
  std::vector<PendingWrite> writes;
  for (const auto& [name, list] : items.items()) {
    storage::TablePtr table;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& request : list) {
      if (!request.is_object()) throw_wrong_type(request, "an WriteRequest");
      const json* put = member(request, "PutRequest", Shape::kStruct);
      const json* del = member(request, "DeleteRequest", Shape::kStruct);
      if ((put != nullptr) == (del != nullptr))
        throw errors::validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
            "of the supported datatypes");
      PendingWrite w;
      w.is_put = put != nullptr;
      const json* body = put ? member(*put, "Item", Shape::kMap) : member(*del, "Key", Shape::kMap);
      if (!body)
        throw errors::validation(std::string("1 validation error detected: Value null at '") +
                                 (put ? "requestItems." + name + ".member.putRequest.item"
                                      : "requestItems." + name + ".member.deleteRequest.key") +
                                 "' failed to satisfy constraint: Member must not be null");
      model::Item item = model::item_from_json(*body, legacy);
      if (!table) table = require_item_table(ctx.tables, name);
      w.table = table;
      if (w.is_put) {
        w.key = key_from_item(*table, item);
        w.size = static_cast<int64_t>(model::item_size(item));
        if (w.size > static_cast<int64_t>(model::kMaxItemBytes))
          throw model::errors::item_too_large();
        w.json = model::item_to_wire(item);
        w.item = std::make_shared<const model::Item>(std::move(item));
      } else {
        w.key = key_from_key_param(*table, item);
      }
      if (!seen.emplace(w.key.pk, w.key.sk).second)
        throw errors::validation("Provided list of item keys contains duplicates");
      writes.push_back(std::move(w));
    }
  }

  auto body = std::make_shared<std::string>();
  ctx.store.write_async(
      [writes = std::move(writes), mode, body,
       in_flight = &ctx.in_flight](sqlite::Connection& conn) {
        std::map<std::string, double> units;
        for (const auto& w : writes) {
          auto previous = storage::ItemStore::get(conn, w.table->id, w.key.pk, w.key.sk);
          int64_t old_size = previous ? previous->size : 0;
          if (w.is_put) {
            storage::write_item(conn, *w.table, {w.key.pk, w.key.sk, *w.item, w.json, w.size},
                                previous);
          } else if (previous) {
            storage::delete_item(conn, *w.table, *previous);
          }
          // In flight until the group commits: TransactGetItems meets it.
          in_flight->hold(w.table->id, w.key.pk, w.key.sk, storage::InFlightItems::Holder::kWrite);
          units[w.table->name] += write_units(std::max(old_size, w.size));
        }
        json out = {{"UnprocessedItems", json::object()}};
        if (mode != CapacityMode::kNone) {
          json list = json::array();
          for (const auto& [table, u] : units) {
            json one = json::object();
            add_consumed_capacity(one, mode, table, u);
            list.push_back(one["ConsumedCapacity"]);
          }
          out["ConsumedCapacity"] = list;
        }
        *body = out.dump();
      },
      [reply, body](std::exception_ptr error) {
        if (error) return reply(outcome_from(error));
        reply(Outcome{std::move(*body), std::nullopt});
      },
      true);
}

// BatchGetItem: up to 100 keys over any tables, each table with its own
// projection; what would push the response past 16 MB is UnprocessedKeys.
void batch_get_item(Context& ctx, const json& input, Reply reply) {
  const json& items = request_items(input);
  auto mode = read_capacity_mode(input);
  size_t total = 0;
  for (const auto& [name, spec] : items.items()) {
    if (!spec.is_object()) throw_wrong_type(spec, "an KeysAndAttributes");
    const json* keys = member(spec, "Keys", Shape::kList);
    if (!keys)
      throw errors::validation("1 validation error detected: Value null at 'requestItems." +
                               name + ".member.keys' failed to satisfy constraint: Member must "
                               "not be null");
    total += keys->size();
  }
  if (total > kMaxGets)
    throw errors::validation("Too many items requested for the BatchGetItem call");

  struct TableRead {
    std::string name;
    storage::TablePtr table;
    std::vector<EncodedKey> keys;
    std::vector<json> key_json;
    std::optional<expressions::ProjectionExpression> projection;
    bool consistent = false;
    json spec;
  };
  std::vector<TableRead> reads;
  for (const auto& [name, spec] : items.items()) {
    TableRead t;
    t.name = name;
    t.spec = spec;
    eval::check_parameter_mix(spec, eval::Operation::kBatchGetTable);
    ExpressionContext ec = read_expression_context(spec);
    if (auto text = string_member(spec, "ProjectionExpression")) {
      t.projection = expressions::parse_projection(*text);
      ec.resolver.resolve(*t.projection);
    } else if (const json* names = member(spec, "AttributesToGet", Shape::kList)) {
      t.projection = eval::projection_from_attributes_to_get(*names);
    }
    ec.resolver.check_unused();
    if (const json* c = member(spec, "ConsistentRead", Shape::kBoolean)) t.consistent = *c;
    t.table = require_item_table(ctx.tables, name);
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& k : spec["Keys"]) {
      if (!k.is_object()) throw_wrong_type(k, "an Key");
      auto key = key_from_key_param(*t.table, model::item_from_json(k));
      if (!seen.emplace(key.pk, key.sk).second)
        throw errors::validation("Provided list of item keys contains duplicates");
      t.keys.push_back(std::move(key));
      t.key_json.push_back(k);
    }
    reads.push_back(std::move(t));
  }

  json responses = json::object(), unprocessed = json::object(), capacity = json::array();
  int64_t response_bytes = 0;
  ctx.store.read([&](sqlite::Connection& conn) {
    for (auto& t : reads) {
      json found = json::array();
      int64_t read_bytes = 0;
      json left = json::array();
      for (size_t i = 0; i < t.keys.size(); ++i) {
        if (response_bytes > kMaxBatchGetBytes) {
          left.push_back(t.key_json[i]);
          continue;
        }
        auto stored = storage::ItemStore::get(conn, t.table->id, t.keys[i].pk, t.keys[i].sk);
        if (!stored) continue;
        read_bytes += stored->size;
        response_bytes += static_cast<int64_t>(stored->json.size());
        found.push_back(t.projection ? model::item_to_json(eval::project(
                                           parse_stored(stored->json), t.projection->paths))
                                     : json::parse(stored->json));
      }
      responses[t.name] = std::move(found);
      if (!left.empty()) {
        json rest = t.spec;
        rest["Keys"] = std::move(left);
        unprocessed[t.name] = std::move(rest);
      }
      if (mode != CapacityMode::kNone) {
        json one = json::object();
        add_consumed_capacity(one, mode, t.name, read_units(read_bytes, t.consistent));
        capacity.push_back(one["ConsumedCapacity"]);
      }
    }
  });
  json out = {{"Responses", responses}, {"UnprocessedKeys", unprocessed}};
  if (mode != CapacityMode::kNone) out["ConsumedCapacity"] = capacity;
  reply(Outcome{out.dump(), std::nullopt});
}

}  // namespace localcloud::dynamodb::api
