#include "api/ttl_operations.h"

#include <nlohmann/json.hpp>

#include "api/item_operations.h"
#include "api/validation.h"
#include "errors.h"
#include "storage/expiry.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;

storage::TablePtr table_of(Context& ctx, const json& input, Validator& v) {
  auto name = v.optional_string(input, "TableName", "tableName", 3, 255, kTableNamePattern);
  if (!name) v.fail_null("tableName");
  v.throw_if_failed();
  auto table = ctx.tables.find(*name);
  if (!table) throw errors::table_not_found(*name);
  return table;
}

}  // namespace

// Enabling records the attribute and indexes the table's items by expiry
// in the same transaction; the sweeper deletes what is due from then on.
void update_time_to_live(Context& ctx, const json& input, Reply reply) {
  Validator v;
  const json* spec = member(input, "TimeToLiveSpecification", Shape::kStruct);
  std::optional<std::string> attribute;
  const json* enabled = nullptr;
  if (!spec) {
    v.fail_null("timeToLiveSpecification");
  } else {
    attribute = v.optional_string(*spec, "AttributeName", "timeToLiveSpecification.attributeName",
                                  1, 255);
    if (!attribute) v.fail_null("timeToLiveSpecification.attributeName");
    enabled = member(*spec, "Enabled", Shape::kBoolean);
    if (!enabled) v.fail_null("timeToLiveSpecification.enabled");
  }
  auto table = table_of(ctx, input, v);
  bool enable = enabled->get<bool>();
  const auto& current = table->ttl_attribute;
  if (enable && current) throw errors::validation("TimeToLive is already enabled");
  if (!enable && !current) throw errors::validation("TimeToLive is already disabled");
  if (!enable && *current != *attribute)
    throw errors::validation("TimeToLive is active on a different AttributeName: current "
                             "AttributeName is " + *current);

  json d = table->description;
  d["TimeToLiveDescription"] = enable ? json{{"TimeToLiveStatus", "ENABLED"},
                                             {"AttributeName", *attribute}}
                                      : json{{"TimeToLiveStatus", "DISABLED"}};
  json answer = {{"TimeToLiveSpecification", {{"AttributeName", *attribute}, {"Enabled", enable}}}};
  ctx.tables.update(
      table, std::move(d),
      [reply, answer](std::exception_ptr error, storage::TablePtr) {
        if (error) return reply(outcome_from(error));
        reply(Outcome{answer.dump(), std::nullopt});
      },
      [](sqlite::Connection& conn, const storage::TableInfo& updated) {
        storage::ExpiryStore::rebuild(conn, updated);
      });
}

void describe_time_to_live(Context& ctx, const json& input, Reply reply) {
  Validator v;
  auto table = table_of(ctx, input, v);
  json description = table->description.value("TimeToLiveDescription",
                                                json{{"TimeToLiveStatus", "DISABLED"}});
  reply(Outcome{json{{"TimeToLiveDescription", description}}.dump(), std::nullopt});
}

}  // namespace localcloud::dynamodb::api
