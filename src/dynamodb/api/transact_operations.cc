#include "api/transact_operations.h"

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "api/item_operations.h"
#include "api/item_request.h"
#include "api/validation.h"
#include "api/write_action.h"
#include "errors.h"
#include "eval/evaluator.h"
#include "model/item_size.h"
#include "storage/client_tokens.h"
#include "storage/in_flight.h"
#include "storage/items.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;
using storage::InFlightItems;

constexpr size_t kMaxActions = 100;
// "The aggregate size of the items in the transaction cannot exceed 4 MB."
constexpr int64_t kMaxTransactionBytes = 4 * 1024 * 1024;

// How the errors AWS raises before a transaction starts begin.
constexpr std::string_view kNotValid = "One or more parameter values are not valid.";

// Both operations' items are read by DynamoDB's older validation layer.
const model::ParseOptions kValues{model::MessageStyle::kLegacy, false};

// TransactItems: 1..100 entries, each an object.
const json& transact_items(const json& input, std::string_view entry_type) {
  const json* items = member(input, "TransactItems", Shape::kList);
  if (!items) {
    Validator v;
    v.fail_null("transactItems");
    v.throw_if_failed();
  }
  // AWS quotes the list as its Java toString; the JSON says the same.
  if (items->empty() || items->size() > kMaxActions)
    throw errors::validation(
        "1 validation error detected: Value '" + (items->empty() ? "[]" : items->dump()) +
        "' at 'transactItems' failed to satisfy constraint: Member must have length " +
        (items->empty() ? "greater than or equal to 1" : "less than or equal to 100"));
  for (const auto& item : *items)
    if (!item.is_object()) throw_wrong_type(item, entry_type);
  return *items;
}

// TableName of an action: a name or a table ARN (1..1024 characters).
std::string action_table_name(const json& action, const std::string& prefix) {
  Validator v;
  auto name = v.optional_string(action, "TableName", prefix + "tableName", 1, 1024);
  if (!name) v.fail_null(prefix + "tableName");
  v.throw_if_failed();
  return *name;
}

// The TransactionCanceledException for `reasons`, one per action in order.
AwsError transaction_canceled(const json& reasons) {
  std::string codes;
  for (const auto& r : reasons) codes += (codes.empty() ? "" : ", ") + r["Code"].get<std::string>();
  return AwsError(400, "TransactionCanceledException",
                  "Transaction cancelled, please refer cancellation reasons for specific "
                  "reasons [" +
                      codes + "]")
      .capitalize_message()
      .with_field("CancellationReasons", reasons.dump());
}

json reason(const char* code, std::string message) {
  return json{{"Code", code}, {"Message", std::move(message)}};
}

json conflict_reason() {
  return reason("TransactionConflict", "Transaction is ongoing for the item");
}

using ItemId = std::tuple<int64_t, std::string, std::string>;

// ConsumedCapacity per table, in the order the tables first appear.
class Capacity {
 public:
  void add(const std::string& table, double units) {
    auto [it, fresh] = index_.emplace(table, units_.size());
    if (fresh) units_.emplace_back(table, 0.0);
    units_[it->second].second += units;
  }
  void write_to(json& out, CapacityMode mode) const {
    if (mode == CapacityMode::kNone) return;
    json list = json::array();
    for (const auto& [table, units] : units_) {
      json one = json::object();
      add_consumed_capacity(one, mode, table, units);
      list.push_back(std::move(one["ConsumedCapacity"]));
    }
    out["ConsumedCapacity"] = std::move(list);
  }

 private:
  std::map<std::string, size_t> index_;
  std::vector<std::pair<std::string, double>> units_;
};

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One action of TransactWriteItems, ready for the job.
struct TransactAction {
  WriteAction write;
  // A key that does not fit its table: the action's ValidationError.
  std::optional<std::string> key_error;
};

WriteKind read_kind(const json& entry, const json*& body, std::string& path) {
  static const std::pair<const char*, WriteKind> kKinds[] = {
      {"ConditionCheck", WriteKind::kConditionCheck},
      {"Put", WriteKind::kPut},
      {"Delete", WriteKind::kDelete},
      {"Update", WriteKind::kUpdate}};
  int found = 0;
  WriteKind kind = WriteKind::kPut;
  for (auto [name, k] : kKinds) {
    if (const json* b = member(entry, name, Shape::kStruct)) {
      ++found;
      body = b;
      kind = k;
      path = name;
    }
  }
  if (found != 1)
    throw errors::validation("TransactItems can only contain one of Check, Put, Update or Delete");
  path[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(path[0])));
  return kind;
}

}  // namespace

// TransactWriteItems: every action's request is validated up front (AWS's
// ValidationExceptions, ResourceNotFoundException); then one write job
// evaluates every action against the current items and either applies them
// all or cancels with a reason per action.
void transact_write_items(Context& ctx, const json& input, Reply reply) {
  const json& items = transact_items(input, "an TransactWriteItem");
  Validator v;
  auto token = v.optional_string(input, "ClientRequestToken", "clientRequestToken", 1, 36);
  v.throw_if_failed();
  auto mode = read_capacity_mode(input);
  if (auto metrics = string_member(input, "ReturnItemCollectionMetrics");
      metrics && *metrics != "SIZE" && *metrics != "NONE") {
    Validator m;
    m.fail(*metrics, "returnItemCollectionMetrics",
           "Member must satisfy enum value set: [SIZE, NONE]");
    m.throw_if_failed();
  }

  // The request alone first: shapes, expressions, placeholders.
  std::vector<std::pair<std::string, ParsedWrite>> parsed;
  for (size_t i = 0; i < items.size(); ++i) {
    const json* body = nullptr;
    std::string kind_path;
    WriteKind kind = read_kind(items[i], body, kind_path);
    std::string prefix = "transactItems." + std::to_string(i + 1) + ".member." + kind_path + ".";
    std::string table = action_table_name(*body, prefix);
    parsed.emplace_back(std::move(table),
                        read_write(kind, *body, WriteDialect{false, kValues, prefix}));
  }

  // Then against the tables: keys, sizes, one action per item.
  auto actions = std::make_shared<std::vector<TransactAction>>();
  std::set<ItemId> seen;
  int64_t total_bytes = 0;
  for (auto& [name, p] : parsed) {
    auto table = require_item_table_or_arn(ctx.tables, name);
    total_bytes += static_cast<int64_t>(model::item_size(p.item));
    TransactAction a;
    WriteKind kind = p.kind;
    try {
      a.write = bind(std::move(p), table);
    } catch (const KeySchemaError& e) {
      a.key_error = e.message();
      a.write.kind = kind;
      a.write.table = table;
    }
    if (!a.key_error && !seen.emplace(table->id, a.write.key.pk, a.write.key.sk).second)
      throw errors::multiple_operations_on_one_item();
    actions->push_back(std::move(a));
  }
  if (total_bytes > kMaxTransactionBytes)
    throw errors::validation(
        "Transaction request size has exceeded the maximum allowed size of 4 MB");

  std::string fingerprint;
  if (token) {
    json request = input;
    request.erase("ClientRequestToken");
    fingerprint = storage::request_fingerprint(request.dump());
  }
  InFlightItems* in_flight = &ctx.in_flight;
  auto body = std::make_shared<std::string>();
  ctx.store.write_async(
      [actions, token, fingerprint, mode, in_flight, body](sqlite::Connection& conn) {
        int64_t now = now_ms();
        if (token) {
          if (auto known = storage::ClientTokens::find(conn, *token, now)) {
            if (known->fingerprint != fingerprint) throw errors::idempotent_parameter_mismatch();
            *body = known->response;  // a retry: answered, not applied again
            return;
          }
        }
        std::vector<Evaluated> evaluated(actions->size());
        json reasons = json::array();
        bool cancelled = false;
        for (size_t i = 0; i < actions->size(); ++i) {
          const TransactAction& a = (*actions)[i];
          json r = {{"Code", "None"}};
          if (a.key_error) {
            r = reason("ValidationError", *a.key_error);
          } else if (in_flight->holder(a.write.table->id, a.write.key.pk, a.write.key.sk) ==
                     InFlightItems::Holder::kTransaction) {
            r = conflict_reason();
          } else {
            try {
              evaluated[i] = evaluate(conn, a.write);
              if (evaluated[i].condition_failed) {
                r = reason("ConditionalCheckFailed", errors::conditional_check_failed().message());
                if (a.write.return_item_on_failure && evaluated[i].current)
                  r["Item"] = model::item_to_json(*evaluated[i].current);
              }
            } catch (const AwsError& e) {
              // An empty index key value is a request error on AWS, found
              // before the transaction starts; a mistyped one is the
              // action's (captured in nubo-db/dynamodb-conformance,
              // error-messages/transactWriteItems). Nothing is written yet.
              if (e.message().rfind(kNotValid, 0) == 0) throw;
              r = reason("ValidationError", e.message());
            }
          }
          cancelled = cancelled || r["Code"] != "None";
          reasons.push_back(std::move(r));
        }
        if (cancelled) throw transaction_canceled(reasons);

        Capacity capacity;
        for (size_t i = 0; i < actions->size(); ++i) {
          const WriteAction& w = (*actions)[i].write;
          apply(conn, w, evaluated[i]);
          in_flight->hold(w.table->id, w.key.pk, w.key.sk, InFlightItems::Holder::kTransaction);
          // Transactional writes and reads cost twice their plain units.
          const Evaluated& ev = evaluated[i];
          capacity.add(w.table->name, w.kind == WriteKind::kConditionCheck
                                          ? 2 * read_units(ev.stored ? ev.stored->size : 0, true)
                                          : 2 * write_units(written_size(w, ev)));
        }
        json out = json::object();
        capacity.write_to(out, mode);
        *body = out.dump();
        if (token) storage::ClientTokens::remember(conn, *token, {fingerprint, *body}, now);
      },
      [reply = std::move(reply), body](std::exception_ptr error) {
        if (error) return reply(outcome_from(error));
        reply(Outcome{std::move(*body), std::nullopt});
      },
      true);
}

namespace {

// One Get of TransactGetItems.
struct TransactGet {
  storage::TablePtr table;
  EncodedKey key;
  std::optional<std::string> key_error;
  std::optional<expressions::ProjectionExpression> projection;
};

}  // namespace

// TransactGetItems: a consistent read of up to 100 items, run as a job of
// the writer so that it sees no transaction half applied and meets the
// writes still in flight as DynamoDB does (cancelled, TransactionConflict).
void transact_get_items(Context& ctx, const json& input, Reply reply) {
  const json& items = transact_items(input, "an TransactGetItem");
  auto mode = read_capacity_mode(input);
  struct Parsed {
    std::string table;
    model::Item key;
    std::optional<expressions::ProjectionExpression> projection;
  };
  std::vector<Parsed> parsed;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string prefix = "transactItems." + std::to_string(i + 1) + ".member.get.";
    const json* get = member(items[i], "Get", Shape::kStruct);
    if (!get) {
      Validator v;
      v.fail_null("transactItems." + std::to_string(i + 1) + ".member.get");
      v.throw_if_failed();
    }
    Parsed p;
    p.table = action_table_name(*get, prefix);
    p.key = read_item_member(*get, "Key", prefix + "key", kValues);
    // Get has no ExpressionAttributeValues: AWS ignores one sent anyway.
    json names_only = *get;
    names_only.erase("ExpressionAttributeValues");
    ExpressionContext ec = read_expression_context(names_only);
    p.projection = read_projection(*get, ec, false);
    ec.resolver.check_unused();
    parsed.push_back(std::move(p));
  }

  auto gets = std::make_shared<std::vector<TransactGet>>();
  std::set<ItemId> seen;
  for (auto& p : parsed) {
    TransactGet g;
    g.table = require_item_table_or_arn(ctx.tables, p.table);
    g.projection = std::move(p.projection);
    try {
      g.key = key_from_key_param(*g.table, p.key);
      if (!seen.emplace(g.table->id, g.key.pk, g.key.sk).second)
        throw errors::multiple_operations_on_one_item();
    } catch (const KeySchemaError& e) {
      g.key_error = e.message();
    }
    gets->push_back(std::move(g));
  }

  InFlightItems* in_flight = &ctx.in_flight;
  auto body = std::make_shared<std::string>();
  ctx.store.write_async(
      [gets, mode, in_flight, body](sqlite::Connection& conn) {
        json reasons = json::array();
        json responses = json::array();
        bool cancelled = false;
        Capacity capacity;
        for (const auto& g : *gets) {
          json r = {{"Code", "None"}};
          json response = json::object();
          if (g.key_error) {
            r = reason("ValidationError", *g.key_error);
          } else if (in_flight->holder(g.table->id, g.key.pk, g.key.sk)) {
            r = conflict_reason();
          } else if (auto stored = storage::ItemStore::get(conn, g.table->id, g.key.pk, g.key.sk)) {
            response["Item"] = g.projection ? model::item_to_json(eval::project(
                                                  parse_stored(stored->json), g.projection->paths))
                                            : json::parse(stored->json);
            capacity.add(g.table->name, 2 * read_units(stored->size, true));
          } else {
            capacity.add(g.table->name, 2 * read_units(0, true));
          }
          cancelled = cancelled || r["Code"] != "None";
          reasons.push_back(std::move(r));
          responses.push_back(std::move(response));
        }
        if (cancelled) throw transaction_canceled(reasons);
        json out = {{"Responses", std::move(responses)}};
        capacity.write_to(out, mode);
        *body = out.dump();
      },
      [reply = std::move(reply), body](std::exception_ptr error) {
        if (error) return reply(outcome_from(error));
        reply(Outcome{std::move(*body), std::nullopt});
      },
      true);
}

}  // namespace localcloud::dynamodb::api
