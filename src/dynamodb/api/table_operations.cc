#include "api/table_operations.h"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "api/table_schema.h"
#include "api/validation.h"
#include "errors.h"
#include "localcloud/core/ids.h"
#include "storage/indexes.h"
#include "storage/streams.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;
using storage::TablePtr;

// DynamoDB's on-demand tables report these warm throughput figures.
constexpr int kOnDemandWarmReads = 12000;
constexpr int kOnDemandWarmWrites = 4000;

double now_epoch_seconds() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return static_cast<double>(ms) / 1000.0;
}

void reply_json(const Reply& reply, const json& body) { reply(Outcome{body.dump(), std::nullopt}); }

using TableStoreDone = storage::TableStore::Done;

// Completion for a TableStore write: the error, or `render(table)`.
TableStoreDone finish(Reply reply, std::function<json(TablePtr)> render);

std::string table_name_of(const json& input) {
  Validator v;
  auto name = v.optional_string(input, "TableName", "tableName", 0, SIZE_MAX);
  if (!name)
    throw errors::validation(
        "The paramater 'tableName' is required but was not present in the request");
  if (name->size() < 3 || name->size() > 255)
    throw errors::validation(
        "TableName must be at least 3 characters long and at most 255 characters long");
  v = Validator();
  v.optional_string(input, "TableName", "tableName", 3, 255, kTableNamePattern);
  v.throw_if_failed();
  return *name;
}

TablePtr require_table(Context& ctx, const std::string& name) {
  auto table = ctx.tables.find(name);
  if (!table) throw errors::table_not_found(name);
  return table;
}

json warm_throughput(bool on_demand, const json& provisioned) {
  return {{"ReadUnitsPerSecond",
           on_demand ? kOnDemandWarmReads : provisioned.value("ReadCapacityUnits", 0)},
          {"WriteUnitsPerSecond",
           on_demand ? kOnDemandWarmWrites : provisioned.value("WriteCapacityUnits", 0)},
          {"Status", "ACTIVE"}};
}

// The full DescribeTable shape: the stored description plus live fields.
json describe(Context& ctx, const TablePtr& table, const char* status) {
  json d = table->description;
  auto counters = ctx.tables.counters(table->id);
  d["TableStatus"] = status;
  d["ItemCount"] = counters.item_count;
  d["TableSizeBytes"] = counters.size_bytes;
  bool on_demand = d.contains("BillingModeSummary") &&
                   d["BillingModeSummary"].value("BillingMode", "") == "PAY_PER_REQUEST";
  d["WarmThroughput"] = warm_throughput(on_demand, d["ProvisionedThroughput"]);
  d.erase("TimeToLiveDescription");
  for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    if (!d.contains(list)) continue;
    for (auto& index : d[list]) {
      auto c = ctx.tables.index_counters(table->id, index["IndexName"].get<std::string>());
      index["ItemCount"] = c.item_count;
      index["IndexSizeBytes"] = c.size_bytes;
      if (index.contains("ProvisionedThroughput")) {
        index["IndexStatus"] = "ACTIVE";
        index["WarmThroughput"] = warm_throughput(on_demand, index["ProvisionedThroughput"]);
      }
    }
  }
  return d;
}

struct StreamRequest {
  bool enabled = false;
  std::optional<std::string> view_type;
};

// StreamSpecification: StreamEnabled is required, StreamViewType one of four.
std::optional<StreamRequest> read_stream_specification(const json& input, Validator& v) {
  const json* spec = member(input, "StreamSpecification", Shape::kStruct);
  if (!spec) return std::nullopt;
  StreamRequest r;
  const json* enabled = member(*spec, "StreamEnabled", Shape::kBoolean);
  if (!enabled) {
    v.fail_null("streamSpecification.streamEnabled");
  } else {
    r.enabled = enabled->get<bool>();
  }
  r.view_type = v.optional_string(*spec, "StreamViewType", "streamSpecification.streamViewType", 0,
                                  SIZE_MAX);
  if (r.view_type && *r.view_type != "NEW_IMAGE" && *r.view_type != "OLD_IMAGE" &&
      *r.view_type != "NEW_AND_OLD_IMAGES" && *r.view_type != "KEYS_ONLY")
    v.fail(*r.view_type, "streamSpecification.streamViewType",
           "Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, "
           "NEW_IMAGE]");
  return r;
}

// Gives the description a new enabled stream: a fresh label and ARN.
void enable_stream(json& d, const std::string& view_type) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  std::string label = storage::stream_label(ms);
  d["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", view_type}};
  d["LatestStreamLabel"] = label;
  d["LatestStreamArn"] = d["TableArn"].get<std::string>() + "/stream/" + label;
}

std::vector<std::pair<std::string, std::string>> read_tags(const json& input, Validator& v) {
  std::vector<std::pair<std::string, std::string>> tags;
  const json* list = member(input, "Tags", Shape::kList);
  if (!list) return tags;
  for (size_t i = 0; i < list->size(); ++i) {
    const json& t = (*list)[i];
    if (!t.is_object()) throw_wrong_type(t, "an Tag");
    std::string at = "tags." + std::to_string(i + 1) + ".member";
    auto key = v.optional_string(t, "Key", at + ".key", 1, 128);
    auto value = v.optional_string(t, "Value", at + ".value", 0, 256);
    if (!key) v.fail_null(at + ".key");
    if (!value) v.fail_null(at + ".value");
    tags.emplace_back(key.value_or(""), value.value_or(""));
  }
  return tags;
}

TableStoreDone finish(Reply reply, std::function<json(TablePtr)> render) {
  return [reply = std::move(reply), render = std::move(render)](std::exception_ptr error,
                                                                TablePtr table) {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const AwsError& e) {
        return reply(Outcome{"", e});
      } catch (const std::exception& e) {
        return reply(Outcome{"", localcloud::errors::internal_server_error()});
      }
    }
    try {
      reply_json(reply, render(table));
    } catch (const AwsError& e) {
      reply(Outcome{"", e});
    }
  };
}

}  // namespace

// CreateTable: validated as AWS does (shape, required members, name rules,
// constraint list, then the cross-field rules), stored, and answered with
// TableStatus CREATING; DescribeTable shows ACTIVE at once.
void create_table(Context& ctx, const json& input, Reply reply) {
  std::string name = table_name_of(input);
  Validator v;
  std::vector<std::pair<std::string, std::string>> definitions;
  const json* defs = member(input, "AttributeDefinitions", Shape::kList);
  if (!defs) {
    v.fail_null("attributeDefinitions");
  } else {
    for (size_t i = 0; i < defs->size(); ++i) {
      const json& d = (*defs)[i];
      if (!d.is_object()) throw_wrong_type(d, "an AttributeDefinition");
      std::string at = "attributeDefinitions." + std::to_string(i + 1) + ".member";
      auto attr = v.optional_string(d, "AttributeName", at + ".attributeName", 1, 255);
      auto type = v.optional_string(d, "AttributeType", at + ".attributeType", 0, SIZE_MAX);
      if (!attr) v.fail_null(at + ".attributeName");
      if (!type) {
        v.fail_null(at + ".attributeType");
      } else if (*type != "S" && *type != "N" && *type != "B") {
        v.fail(*type, at + ".attributeType", "Member must satisfy enum value set: [B, N, S]");
      }
      definitions.emplace_back(attr.value_or(""), type.value_or(""));
    }
  }
  auto keys = read_key_schema(input, v, "keySchema");
  auto billing = v.optional_string(input, "BillingMode", "billingMode", 0, SIZE_MAX);
  if (billing && *billing != "PROVISIONED" && *billing != "PAY_PER_REQUEST")
    v.fail(*billing, "billingMode", "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  auto throughput = read_throughput(input, v, "provisionedThroughput");
  auto tags = read_tags(input, v);
  const json* protection = member(input, "DeletionProtectionEnabled", Shape::kBoolean);
  const json* table_class = member(input, "TableClass", Shape::kString);
  auto lsis = read_index_list(input, false, v);
  auto gsis = read_index_list(input, true, v);
  auto streams = read_stream_specification(input, v);
  v.throw_if_failed();

  bool on_demand = billing && *billing == "PAY_PER_REQUEST";
  if (on_demand && throughput)
    throw errors::invalid_parameter(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  if (!on_demand && !throughput)
    throw errors::invalid_parameter(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED");
  if (throughput && throughput->read > 1'000'000'000'000)
    throw errors::validation("Given value " + std::to_string(throughput->read) +
                             " for ReadCapacityUnits is out of bounds");
  if (throughput && throughput->write > 1'000'000'000'000)
    throw errors::validation("Given value " + std::to_string(throughput->write) +
                             " for WriteCapacityUnits is out of bounds");

  std::vector<std::string> def_names, key_names;
  for (auto& [n, t] : definitions) def_names.push_back(n);
  for (auto& k : keys) key_names.push_back(k.name);
  if (key_names.size() > def_names.size())
    throw errors::validation("Invalid KeySchema: Some index key attribute have no definition");
  for (auto& k : key_names)
    if (std::find(def_names.begin(), def_names.end(), k) == def_names.end())
      throw errors::invalid_parameter(
          "Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
          join_names(key_names) + "], AttributeDefinitions: [" + join_names(def_names) + "]");
  if (keys.size() == 2 && keys[0].name == keys[1].name)
    throw errors::validation(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  if (keys[0].type != "HASH")
    throw errors::validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (keys.size() == 2 && keys[1].type != "RANGE")
    throw errors::validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  if (!gsis && !lsis && keys.size() != definitions.size())
    throw errors::invalid_parameter(
        "Number of attributes in KeySchema does not exactly match number of attributes defined "
        "in AttributeDefinitions");
  std::set<std::string> unique_defs(def_names.begin(), def_names.end());
  if (unique_defs.size() != def_names.size())
    throw errors::invalid_parameter("Duplicate AttributeName in AttributeDefinitions");
  check_create_indexes(lsis, gsis, TableKeys{keys, def_names}, on_demand);
  if (streams && streams->enabled && !streams->view_type)
    throw errors::invalid_parameter(
        "Table is being created with a stream enabled, UpdateViewType is required");
  if (streams && !streams->enabled && streams->view_type)
    throw errors::invalid_parameter(
        "Table is being created with a stream disabled, UpdateViewType should not be specified");

  double created = now_epoch_seconds();
  storage::TableInfo info;
  info.name = name;
  info.arn = ids::arn("dynamodb", ctx.options.region, ctx.options.account_id, "table/" + name);
  json d;
  d["TableName"] = name;
  d["TableArn"] = info.arn;
  d["TableId"] = ids::uuid4();
  d["CreationDateTime"] = created;
  d["AttributeDefinitions"] = json::array();
  for (auto& [n, t] : definitions)
    d["AttributeDefinitions"].push_back({{"AttributeName", n}, {"AttributeType", t}});
  d["KeySchema"] = json::array();
  for (auto& k : keys) d["KeySchema"].push_back({{"AttributeName", k.name}, {"KeyType", k.type}});
  d["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0},
                                {"ReadCapacityUnits", throughput ? throughput->read : 0},
                                {"WriteCapacityUnits", throughput ? throughput->write : 0}};
  if (on_demand)
    d["BillingModeSummary"] = {{"BillingMode", "PAY_PER_REQUEST"},
                               {"LastUpdateToPayPerRequestDateTime", created}};
  d["DeletionProtectionEnabled"] = protection ? protection->get<bool>() : false;
  if (table_class) d["TableClassSummary"] = {{"TableClass", *table_class}};
  for (const auto& [list, member_name] :
       {std::pair{&lsis, "LocalSecondaryIndexes"}, std::pair{&gsis, "GlobalSecondaryIndexes"}}) {
    if (!*list) continue;
    d[member_name] = json::array();
    for (const auto& index : **list) d[member_name].push_back(index_description(index, info.arn));
  }
  if (streams && streams->enabled) enable_stream(d, *streams->view_type);
  info.description = d;

  ctx.tables.create(std::move(info), [&ctx, reply, tags](std::exception_ptr error, TablePtr table) {
    auto respond = finish(reply, [&ctx](TablePtr t) {
      json out = describe(ctx, t, "CREATING");
      out.erase("WarmThroughput");
      if (out.contains("BillingModeSummary"))
        out["BillingModeSummary"].erase("LastUpdateToPayPerRequestDateTime");
      if (out.contains("GlobalSecondaryIndexes"))
        for (auto& index : out["GlobalSecondaryIndexes"]) {
          index["IndexStatus"] = "CREATING";
          index.erase("WarmThroughput");
        }
      return json{{"TableDescription", out}};
    });
    if (error || tags.empty()) return respond(error, table);
    ctx.tables.tag(table, tags, respond);
  });
}

void describe_table(Context& ctx, const json& input, Reply reply) {
  auto table = require_table(ctx, table_name_of(input));
  reply_json(reply, json{{"Table", describe(ctx, table, "ACTIVE")}});
}

// ListTables: names in byte order, at most Limit (1..100, default 100) after
// ExclusiveStartTableName; LastEvaluatedTableName when more remain.
void list_tables(Context& ctx, const json& input, Reply reply) {
  Validator v;
  auto limit = v.optional_int(input, "Limit", "limit", 1, 100).value_or(100);
  auto start = v.optional_string(input, "ExclusiveStartTableName", "exclusiveStartTableName", 3,
                                 255, kTableNamePattern);
  v.throw_if_failed();
  auto names = ctx.tables.list(start.value_or(""), static_cast<size_t>(limit) + 1);
  bool more = names.size() > static_cast<size_t>(limit);
  if (more) names.pop_back();
  json out = {{"TableNames", names}};
  if (more) out["LastEvaluatedTableName"] = names.back();
  reply_json(reply, out);
}

// UpdateTable: billing mode, provisioned throughput, deletion protection,
// streams and GSIs.
void update_table(Context& ctx, const json& input, Reply reply) {
  std::string name = table_name_of(input);
  Validator v;
  auto billing = v.optional_string(input, "BillingMode", "billingMode", 0, SIZE_MAX);
  if (billing && *billing != "PROVISIONED" && *billing != "PAY_PER_REQUEST")
    v.fail(*billing, "billingMode", "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  auto throughput = read_throughput(input, v, "provisionedThroughput");
  const json* protection = member(input, "DeletionProtectionEnabled", Shape::kBoolean);
  const json* table_class = member(input, "TableClass", Shape::kString);
  const json* gsi_updates = member(input, "GlobalSecondaryIndexUpdates", Shape::kList);
  auto streams = read_stream_specification(input, v);
  v.throw_if_failed();
  auto table = require_table(ctx, name);
  if (gsi_updates && gsi_updates->empty()) gsi_updates = nullptr;
  if (streams) {
    if (streams->enabled && !streams->view_type)
      throw errors::invalid_parameter("If stream is being enabled then UpdateViewType is required");
    if (!streams->enabled && streams->view_type)
      throw errors::invalid_parameter(
          "If stream is being disabled, then UpdateViewType must not be specified");
    if (gsi_updates)
      throw errors::invalid_parameter(
          "You cannot create or delete index while changing stream status");
    if (throughput || (billing && *billing == "PROVISIONED"))
      throw errors::invalid_parameter("You cannot modify stream status while updating table IOPS");
    if (streams->enabled && table->stream)
      throw errors::validation("Table already has an enabled stream: TableName: " + name);
    if (!streams->enabled && !table->stream)
      throw errors::validation("Table has no stream to disable: TableName: " + name);
  }

  json d = table->description;
  bool was_on_demand = d.contains("BillingModeSummary") &&
                       d["BillingModeSummary"].value("BillingMode", "") == "PAY_PER_REQUEST";
  bool on_demand = billing ? *billing == "PAY_PER_REQUEST" : was_on_demand;
  if (!billing && !throughput && !protection && !table_class && !streams && !gsi_updates)
    throw errors::validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  if (on_demand && throughput)
    throw errors::invalid_parameter(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  if (!on_demand && was_on_demand && !throughput)
    throw errors::invalid_parameter(
        "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  double now = now_epoch_seconds();
  if (on_demand) {
    if (!was_on_demand)
      d["BillingModeSummary"] = {{"BillingMode", "PAY_PER_REQUEST"},
                                 {"LastUpdateToPayPerRequestDateTime", now}};
    d["ProvisionedThroughput"]["ReadCapacityUnits"] = 0;
    d["ProvisionedThroughput"]["WriteCapacityUnits"] = 0;
  } else {
    if (was_on_demand) d["BillingModeSummary"] = {{"BillingMode", "PROVISIONED"}};
    if (throughput) {
      auto& pt = d["ProvisionedThroughput"];
      int64_t old_read = pt.value("ReadCapacityUnits", int64_t{0});
      int64_t old_write = pt.value("WriteCapacityUnits", int64_t{0});
      if (!was_on_demand && old_read == throughput->read && old_write == throughput->write &&
          !protection && !table_class)
        throw errors::validation(
            "The provisioned throughput for the table will not change. The requested value "
            "equals the current value. Current ReadCapacityUnits provisioned for the table: " +
            std::to_string(old_read) + ". Requested ReadCapacityUnits: " +
            std::to_string(throughput->read) + ". Current WriteCapacityUnits provisioned for the "
            "table: " + std::to_string(old_write) + ". Requested WriteCapacityUnits: " +
            std::to_string(throughput->write) + ". Refer to the Amazon DynamoDB Developer Guide "
            "for current limits and how to request higher limits.");
      if (throughput->read > old_read || throughput->write > old_write)
        pt["LastIncreaseDateTime"] = now;
      if (throughput->read < old_read || throughput->write < old_write) {
        pt["LastDecreaseDateTime"] = now;
        pt["NumberOfDecreasesToday"] = pt.value("NumberOfDecreasesToday", 0) + 1;
      }
      pt["ReadCapacityUnits"] = throughput->read;
      pt["WriteCapacityUnits"] = throughput->write;
    }
  }
  if (protection) d["DeletionProtectionEnabled"] = protection->get<bool>();
  if (table_class) d["TableClassSummary"] = {{"TableClass", *table_class}};
  if (streams) {
    // Disabling keeps LatestStreamArn and LatestStreamLabel, as AWS does.
    if (streams->enabled) {
      enable_stream(d, *streams->view_type);
    } else {
      d.erase("StreamSpecification");
    }
  }
  if (!gsi_updates) {
    ctx.tables.update(table, std::move(d), finish(reply, [&ctx](TablePtr t) {
                        return json{{"TableDescription", describe(ctx, t, "ACTIVE")}};
                      }));
    return;
  }
  // A new index is built from the table's items in the same transaction
  // that declares it, so it is complete once DescribeTable shows it; the
  // answer still shows it CREATING (and a dropped one DELETING), as AWS does.
  auto plan = apply_index_updates(input, *gsi_updates, std::move(d), on_demand);
  auto created = plan.created;
  auto deleted = plan.deleted;
  storage::TableStore::AlsoFn also = [created, deleted](sqlite::Connection& conn,
                                                        const storage::TableInfo& updated) {
    if (deleted)
      storage::IndexStore::drop(conn, updated.id, (*deleted)["IndexName"].get<std::string>());
    if (created) storage::IndexStore::backfill(conn, updated, *updated.find_index(*created));
  };
  ctx.tables.update(
      table, std::move(plan.description),
      finish(reply,
             [&ctx, created, deleted](TablePtr t) {
               json out = describe(ctx, t, "UPDATING");
               auto& gsis = out["GlobalSecondaryIndexes"];
               if (gsis.is_null()) gsis = json::array();
               for (auto& index : gsis) {
                 if (index["IndexName"] != created) continue;
                 index["IndexStatus"] = "CREATING";
                 index["Backfilling"] = false;
                 index.erase("WarmThroughput");
               }
               if (deleted) {
                 json gone = *deleted;
                 gone["IndexStatus"] = "DELETING";
                 gone["IndexSizeBytes"] = 0;
                 gone["ItemCount"] = 0;
                 gsis.push_back(std::move(gone));
               }
               if (gsis.empty()) out.erase("GlobalSecondaryIndexes");
               return json{{"TableDescription", out}};
             }),
      std::move(also));
}

// DeleteTable: answers with the table as it was, TableStatus DELETING and,
// as AWS does, without its key schema and attribute definitions.
void delete_table(Context& ctx, const json& input, Reply reply) {
  auto table = require_table(ctx, table_name_of(input));
  if (table->description.value("DeletionProtectionEnabled", false))
    throw errors::validation(
        "Resource cannot be deleted as it is currently protected against deletion. Disable "
        "deletion protection first.");
  json before = describe(ctx, table, "DELETING");
  for (const char* gone : {"AttributeDefinitions", "KeySchema", "CreationDateTime", "WarmThroughput"})
    before.erase(gone);
  ctx.tables.remove(table, finish(reply, [before](TablePtr) {
                      return json{{"TableDescription", before}};
                    }));
}

namespace {

TablePtr table_for_arn(Context& ctx, const json& input) {
  const json* arn = member(input, "ResourceArn", Shape::kString);
  if (!arn) throw errors::validation("Invalid TableArn");
  std::string text = *arn;
  auto table = ctx.tables.find_by_arn(text);
  if (!table) {
    if (text.rfind("arn:aws:dynamodb:", 0) != 0) throw errors::validation("Invalid TableArn: " + text);
    throw errors::resource_arn_not_found(text);
  }
  return table;
}

}  // namespace

void tag_resource(Context& ctx, const json& input, Reply reply) {
  Validator v;
  auto tags = read_tags(input, v);
  v.throw_if_failed();
  if (!member(input, "Tags", Shape::kList))
    throw errors::validation("1 validation error detected: Value null at 'tags' failed to satisfy "
                             "constraint: Member must not be null");
  auto table = table_for_arn(ctx, input);
  ctx.tables.tag(table, std::move(tags), [reply](std::exception_ptr e, TablePtr t) {
    if (e) return finish(reply, nullptr)(e, t);
    reply(Outcome{"", std::nullopt});
  });
}

void untag_resource(Context& ctx, const json& input, Reply reply) {
  const json* keys = member(input, "TagKeys", Shape::kList);
  if (!keys)
    throw errors::validation("1 validation error detected: Value null at 'tagKeys' failed to "
                             "satisfy constraint: Member must not be null");
  std::vector<std::string> names;
  for (const auto& k : *keys) {
    if (!k.is_string()) throw_wrong_type(k, "an String");
    names.push_back(k);
  }
  auto table = table_for_arn(ctx, input);
  ctx.tables.untag(table, std::move(names), [reply](std::exception_ptr e, TablePtr t) {
    if (e) return finish(reply, nullptr)(e, t);
    reply(Outcome{"", std::nullopt});
  });
}

void list_tags_of_resource(Context& ctx, const json& input, Reply reply) {
  auto table = table_for_arn(ctx, input);
  json tags = json::array();
  for (auto& [key, value] : ctx.tables.tags(table->id))
    tags.push_back({{"Key", key}, {"Value", value}});
  reply_json(reply, json{{"Tags", tags}});
}

// DescribeLimits: the account's default quotas.
void describe_limits(Context&, const json&, Reply reply) {
  reply_json(reply, json{{"AccountMaxReadCapacityUnits", 80000},
                         {"AccountMaxWriteCapacityUnits", 80000},
                         {"TableMaxReadCapacityUnits", 40000},
                         {"TableMaxWriteCapacityUnits", 40000}});
}

// DescribeEndpoints: this server is the endpoint, for 1440 minutes.
void describe_endpoints(Context& ctx, const json&, Reply reply) {
  reply_json(reply, json{{"Endpoints", json::array({json{
                                           {"Address", "dynamodb." + ctx.options.region + ".amazonaws.com"},
                                           {"CachePeriodInMinutes", 1440}}})}});
}

}  // namespace localcloud::dynamodb::api
