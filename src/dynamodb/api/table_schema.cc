#include "api/table_schema.h"

#include <algorithm>
#include <set>

#include "errors.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxLocalIndexes = 5;
constexpr size_t kMaxGlobalIndexes = 20;

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> names_of(const std::vector<KeyElement>& keys) {
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(k.name);
  return names;
}

}  // namespace

std::optional<Throughput> read_throughput(const json& parent, Validator& v,
                                          const std::string& path) {
  const json* pt = member(parent, "ProvisionedThroughput", Shape::kStruct);
  if (!pt) return std::nullopt;
  Throughput t;
  auto read = v.optional_int(*pt, "ReadCapacityUnits", path + ".readCapacityUnits", 1, INT64_MAX);
  auto write =
      v.optional_int(*pt, "WriteCapacityUnits", path + ".writeCapacityUnits", 1, INT64_MAX);
  if (!write) v.fail_null(path + ".writeCapacityUnits");
  if (!read) v.fail_null(path + ".readCapacityUnits");
  t.read = read.value_or(0);
  t.write = write.value_or(0);
  return t;
}

std::vector<KeyElement> read_key_schema(const json& parent, Validator& v, const std::string& path) {
  std::vector<KeyElement> keys;
  const json* schema = member(parent, "KeySchema", Shape::kList);
  if (!schema) {
    v.fail_null(path);
    return keys;
  }
  if (schema->empty()) v.fail("[]", path, "Member must have length greater than or equal to 1");
  if (schema->size() > 2) v.fail("[...]", path, "Member must have length less than or equal to 2");
  for (size_t i = 0; i < schema->size(); ++i) {
    const json& e = (*schema)[i];
    if (!e.is_object()) throw_wrong_type(e, "an KeySchemaElement");
    std::string at = path + "." + std::to_string(i + 1) + ".member";
    auto name = v.optional_string(e, "AttributeName", at + ".attributeName", 1, 255);
    if (!name) v.fail_null(at + ".attributeName");
    auto type = v.optional_string(e, "KeyType", at + ".keyType", 0, SIZE_MAX);
    if (!type) {
      v.fail_null(at + ".keyType");
    } else if (*type != "HASH" && *type != "RANGE") {
      v.fail(*type, at + ".keyType", "Member must satisfy enum value set: [HASH, RANGE]");
    }
    keys.push_back(KeyElement{name.value_or(""), type.value_or("")});
  }
  return keys;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

IndexDeclaration read_index(const json& e, bool global, Validator& v, const std::string& path) {
  if (!e.is_object())
    throw_wrong_type(e, global ? "an GlobalSecondaryIndex" : "an LocalSecondaryIndex");
  IndexDeclaration index;
  index.global = global;
  auto name =
      v.optional_string(e, "IndexName", path + ".indexName", 3, 255, kTableNamePattern);
  if (!name) v.fail_null(path + ".indexName");
  index.name = name.value_or("");
  index.keys = read_key_schema(e, v, path + ".keySchema");
  const json* projection = member(e, "Projection", Shape::kStruct);
  if (!projection) {
    v.fail_null(path + ".projection");
  } else {
    index.projection_type = v.optional_string(*projection, "ProjectionType",
                                              path + ".projection.projectionType", 0, SIZE_MAX);
    if (index.projection_type && *index.projection_type != "ALL" &&
        *index.projection_type != "INCLUDE" && *index.projection_type != "KEYS_ONLY")
      v.fail(*index.projection_type, path + ".projection.projectionType",
             "Member must satisfy enum value set: [INCLUDE, ALL, KEYS_ONLY]");
    if (const json* attrs = member(*projection, "NonKeyAttributes", Shape::kList)) {
      std::vector<std::string> names;
      for (const auto& a : *attrs) {
        if (!a.is_string()) throw_wrong_type(a, "an String");
        names.push_back(a);
      }
      if (names.empty())
        v.fail("[]", path + ".projection.nonKeyAttributes",
               "Member must have length greater than or equal to 1");
      index.non_key = std::move(names);
    }
  }
  if (global) index.throughput = read_throughput(e, v, path + ".provisionedThroughput");
  return index;
}

std::optional<std::vector<IndexDeclaration>> read_index_list(const json& input, bool global,
                                                             Validator& v) {
  const char* field = global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
  const json* list = member(input, field, Shape::kList);
  if (!list) return std::nullopt;
  std::string prefix = global ? "globalSecondaryIndexes." : "localSecondaryIndexes.";
  std::vector<IndexDeclaration> out;
  for (size_t i = 0; i < list->size(); ++i)
    out.push_back(read_index((*list)[i], global, v, prefix + std::to_string(i + 1) + ".member"));
  return out;
}

void check_index(const IndexDeclaration& index, const TableKeys& table, bool on_demand) {
  auto keys = names_of(index.keys);
  for (const auto& k : keys)
    if (!contains(table.defined, k))
      throw errors::invalid_parameter(
          "Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
          join_names(keys) + "], AttributeDefinitions: [" + join_names(table.defined) + "]");
  if (keys.size() == 2 && keys[0] == keys[1])
    throw errors::validation(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  if (index.keys[0].type != "HASH")
    throw errors::validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (index.keys.size() == 2 && index.keys[1].type != "RANGE")
    throw errors::validation(
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  if (!index.global) {
    if (index.keys.size() != 2)
      throw errors::invalid_parameter("Index KeySchema does not have a range key for index: " +
                                      index.name);
    const std::string& table_hash = table.keys[0].name;
    if (keys[0] != table_hash)
      throw errors::invalid_parameter(
          "Index KeySchema does not have the same leading hash key as table KeySchema for "
          "index: " + index.name + ". index hash key: " + keys[0] +
          ", table hash key: " + table_hash);
  }
  if (!index.projection_type) throw errors::invalid_parameter("Unknown ProjectionType: null");
  if (index.non_key && *index.projection_type != "INCLUDE")
    throw errors::invalid_parameter("ProjectionType is " + *index.projection_type +
                                    ", but NonKeyAttributes is specified");
  if (index.global) {
    if (on_demand && index.throughput)
      throw errors::invalid_parameter("ProvisionedThroughput should not be specified for index: " +
                                      index.name + " when BillingMode is PAY_PER_REQUEST");
    if (!on_demand && !index.throughput)
      throw errors::invalid_parameter("ProvisionedThroughput is not specified for index: " +
                                      index.name);
  }
}

void check_create_indexes(const std::optional<std::vector<IndexDeclaration>>& lsis,
                          const std::optional<std::vector<IndexDeclaration>>& gsis,
                          const TableKeys& table, bool on_demand) {
  std::set<std::string> names;
  auto check_all = [&](const std::vector<IndexDeclaration>& list) {
    for (const auto& index : list) {
      check_index(index, table, on_demand);
      if (!names.insert(index.name).second)
        throw errors::invalid_parameter("Duplicate index name: " + index.name);
    }
  };
  if (lsis) {
    if (lsis->empty()) throw errors::invalid_parameter("List of LocalSecondaryIndexes is empty");
    if (table.keys.size() != 2)
      throw errors::invalid_parameter(
          "Table KeySchema does not have a range key, which is required when specifying a "
          "LocalSecondaryIndex");
    check_all(*lsis);
    if (lsis->size() > kMaxLocalIndexes)
      throw errors::invalid_parameter(
          "Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }
  if (gsis) {
    if (gsis->empty()) throw errors::invalid_parameter("List of GlobalSecondaryIndexes is empty");
    check_all(*gsis);
    if (gsis->size() > kMaxGlobalIndexes)
      throw errors::invalid_parameter(
          "GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
  // Every definition must key the table or an index.
  std::vector<std::string> used = names_of(table.keys);
  for (const auto* list : {&lsis, &gsis}) {
    if (!*list) continue;
    for (const auto& index : **list)
      for (const auto& k : index.keys)
        if (!contains(used, k.name)) used.push_back(k.name);
  }
  for (const auto& name : table.defined)
    if (!contains(used, name))
      throw errors::invalid_parameter("Some AttributeDefinitions are not used. "
                                      "AttributeDefinitions: [" + join_names(table.defined) +
                                      "], keys used: [" + join_names(used) + "]");
}

json index_description(const IndexDeclaration& index, const std::string& table_arn) {
  json d;
  d["IndexName"] = index.name;
  d["IndexArn"] = table_arn + "/index/" + index.name;
  d["KeySchema"] = json::array();
  for (const auto& k : index.keys)
    d["KeySchema"].push_back({{"AttributeName", k.name}, {"KeyType", k.type}});
  d["Projection"] = {{"ProjectionType", *index.projection_type}};
  if (index.non_key) d["Projection"]["NonKeyAttributes"] = *index.non_key;
  if (index.global)
    d["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0},
                                  {"ReadCapacityUnits", index.throughput ? index.throughput->read : 0},
                                  {"WriteCapacityUnits",
                                   index.throughput ? index.throughput->write : 0}};
  return d;
}

IndexUpdates apply_index_updates(const json& input, const json& updates, json description,
                                 bool on_demand) {
  Validator v;
  struct Action {
    std::string kind;  // Create, Update or Delete
    IndexDeclaration index;
  };
  std::vector<Action> actions;
  std::set<std::string> seen;
  for (size_t i = 0; i < updates.size(); ++i) {
    const json& u = updates[i];
    if (!u.is_object()) throw_wrong_type(u, "an GlobalSecondaryIndexUpdate");
    std::string at = "globalSecondaryIndexUpdates." + std::to_string(i + 1) + ".member";
    Action a;
    for (const char* kind : {"Update", "Create", "Delete"}) {
      const json* body = member(u, kind, Shape::kStruct);
      if (!body) continue;
      a.kind = kind;
      std::string path = at + "." + std::string(1, static_cast<char>(kind[0] + 32)) + (kind + 1);
      if (a.kind == "Create") {
        a.index = read_index(*body, true, v, path);
      } else {
        auto name = v.optional_string(*body, "IndexName", path + ".indexName", 3, 255,
                                      kTableNamePattern);
        if (!name) v.fail_null(path + ".indexName");
        a.index.name = name.value_or("");
        if (a.kind == "Update") {
          a.index.throughput = read_throughput(*body, v, path + ".provisionedThroughput");
          if (!a.index.throughput) v.fail_null(path + ".provisionedThroughput");
        }
      }
      break;
    }
    actions.push_back(std::move(a));
  }
  v.throw_if_failed();
  for (const auto& a : actions) {
    if (a.kind.empty())
      throw errors::invalid_parameter(
          "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null");
    if (!seen.insert(a.index.name).second)
      throw errors::invalid_parameter(
          "Only one global secondary index update per index is allowed simultaneously. Index: " +
          a.index.name);
  }
  size_t online = std::count_if(actions.begin(), actions.end(),
                                [](const Action& a) { return a.kind != "Update"; });
  if (online > 1)
    throw AwsError(400, "LimitExceededException",
                   "Subscriber limit exceeded: Only 1 online index can be created or deleted "
                   "simultaneously per table");

  // UpdateTable's AttributeDefinitions add to the table's for a new index.
  json& defs = description["AttributeDefinitions"];
  std::vector<std::string> given;
  if (const json* extra = member(input, "AttributeDefinitions", Shape::kList)) {
    for (const auto& d : *extra) {
      if (!d.is_object()) throw_wrong_type(d, "an AttributeDefinition");
      std::string name = d.value("AttributeName", "");
      given.push_back(name);
      bool known = false;
      for (const auto& old : defs) known = known || old["AttributeName"] == name;
      if (!known) defs.push_back({{"AttributeName", name},
                                  {"AttributeType", d.value("AttributeType", "S")}});
    }
  }
  TableKeys table;
  for (const auto& k : description["KeySchema"])
    table.keys.push_back(KeyElement{k["AttributeName"], k["KeyType"]});
  for (const auto& d : defs) table.defined.push_back(d["AttributeName"]);

  IndexUpdates out;
  json& gsis = description["GlobalSecondaryIndexes"];
  if (gsis.is_null()) gsis = json::array();
  auto find = [&](const std::string& name) -> json* {
    for (auto& g : gsis)
      if (g["IndexName"] == name) return &g;
    return nullptr;
  };
  auto is_lsi = [&](const std::string& name) {
    if (!description.contains("LocalSecondaryIndexes")) return false;
    for (const auto& l : description["LocalSecondaryIndexes"])
      if (l["IndexName"] == name) return true;
    return false;
  };
  for (const auto& a : actions) {
    const std::string& name = a.index.name;
    if (a.kind == "Create") {
      if (find(name) || is_lsi(name))
        throw errors::invalid_parameter("Attempting to create an index which already exists");
      if (gsis.size() >= kMaxGlobalIndexes)
        throw errors::invalid_parameter(
            "GlobalSecondaryIndex count exceeds the per-table limit of 20");
      check_index(a.index, TableKeys{table.keys, given.empty() ? table.defined : given},
                  on_demand);
      gsis.push_back(index_description(a.index, description.value("TableArn", "")));
      out.created = name;
    } else if (a.kind == "Delete") {
      json* existing = find(name);
      if (!existing)
        throw errors::resource_not_found("Requested resource not found: Index: " + name +
                                         " not found");
      out.deleted = *existing;
      for (size_t i = 0; i < gsis.size(); ++i)
        if (gsis[i]["IndexName"] == name) {
          gsis.erase(i);
          break;
        }
    } else {
      json* existing = find(name);
      if (!existing)
        throw errors::resource_not_found("Requested resource not found: Index: " + name +
                                         " not found");
      if (on_demand)
        throw errors::validation(
            "One or more parameter values were invalid: ProvisionedThroughput cannot be "
            "specified for index: " + name + " when BillingMode is PAY_PER_REQUEST");
      auto& pt = (*existing)["ProvisionedThroughput"];
      pt["ReadCapacityUnits"] = a.index.throughput->read;
      pt["WriteCapacityUnits"] = a.index.throughput->write;
    }
  }
  if (gsis.empty()) description.erase("GlobalSecondaryIndexes");
  // Definitions no key uses any more go with the index that used them.
  std::vector<std::string> used;
  auto use = [&](const json& schema) {
    for (const auto& k : schema) used.push_back(k["AttributeName"]);
  };
  use(description["KeySchema"]);
  for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"})
    if (description.contains(list))
      for (const auto& index : description[list]) use(index["KeySchema"]);
  json kept = json::array();
  for (const auto& d : defs)
    if (contains(used, d["AttributeName"])) kept.push_back(d);
  description["AttributeDefinitions"] = std::move(kept);
  out.description = std::move(description);
  return out;
}

}  // namespace localcloud::dynamodb::api
