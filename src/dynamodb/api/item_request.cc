#include "api/item_request.h"

#include <cmath>

#include "api/validation.h"
#include "errors.h"
#include "model/key_codec.h"

namespace localcloud::dynamodb::api {
namespace {

using model::AttributeType;

AttributeType key_type(char declared) {
  switch (declared) {
    case 'N': return AttributeType::kN;
    case 'B': return AttributeType::kB;
    default: return AttributeType::kS;
  }
}

KeySchemaError schema_mismatch() {
  return KeySchemaError(errors::validation("The provided key element does not match the schema"));
}

// AWS checks emptiness and size of key values after their types.
void check_key_value(const storage::KeyAttribute& attr, const model::AttributeValue& value,
                     bool is_partition) {
  size_t bytes = 0;
  if (value.type() == AttributeType::kS) bytes = value.as_string().size();
  if (value.type() == AttributeType::kB) bytes = value.as_binary().size();
  if (value.type() != AttributeType::kN && bytes == 0)
    throw errors::validation(std::string("One or more parameter values are not valid. The ") +
                             "AttributeValue for a key attribute cannot contain an empty " +
                             (value.type() == AttributeType::kS ? "string" : "binary") +
                             " value. Key: " + attr.name);
  if (is_partition && bytes > 2048)
    throw errors::invalid_parameter(
        "Size of hashkey has exceeded the maximum size limit of2048 bytes");
  if (!is_partition && bytes > 1024)
    throw errors::invalid_parameter(
        "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
}

}  // namespace

EncodedKey key_from_key_param(const storage::TableInfo& table, const model::Item& key) {
  size_t expected = table.range ? 2 : 1;
  if (key.size() != expected) throw schema_mismatch();
  EncodedKey out;
  auto part = [&](const storage::KeyAttribute& attr, bool partition) {
    auto it = key.find(attr.name);
    if (it == key.end() || it->second.type() != key_type(attr.type)) throw schema_mismatch();
    check_key_value(attr, it->second, partition);
    return model::encode_key_part(it->second);
  };
  out.pk = part(table.hash, true);
  if (table.range) out.sk = part(*table.range, false);
  return out;
}

EncodedKey key_from_item(const storage::TableInfo& table, const model::Item& item) {
  EncodedKey out;
  auto part = [&](const storage::KeyAttribute& attr, bool partition) {
    auto it = item.find(attr.name);
    if (it == item.end())
      throw KeySchemaError(
          errors::invalid_parameter("Missing the key " + attr.name + " in the item"));
    if (it->second.type() != key_type(attr.type))
      throw KeySchemaError(errors::invalid_parameter(
          "Type mismatch for key " + attr.name + " expected: " + std::string(1, attr.type) +
          " actual: " + std::string(model::type_name(it->second.type()))));
    check_key_value(attr, it->second, partition);
    return model::encode_key_part(it->second);
  };
  out.pk = part(table.hash, true);
  if (table.range) out.sk = part(*table.range, false);
  return out;
}

nlohmann::json key_json(const storage::TableInfo& table, const model::Item& item) {
  nlohmann::json key = nlohmann::json::object();
  if (auto it = item.find(table.hash.name); it != item.end())
    key[table.hash.name] = it->second.to_json();
  if (table.range)
    if (auto it = item.find(table.range->name); it != item.end())
      key[table.range->name] = it->second.to_json();
  return key;
}

std::optional<std::string> string_member(const nlohmann::json& input, std::string_view field) {
  const nlohmann::json* v = member(input, field, Shape::kString);
  if (!v) return std::nullopt;
  return v->get<std::string>();
}

ExpressionContext read_expression_context(const nlohmann::json& input) {
  std::vector<std::pair<std::string, std::string>> names;
  std::vector<std::string> name_keys, value_keys;
  eval::Values values;
  const nlohmann::json* names_json = member(input, "ExpressionAttributeNames", Shape::kMap);
  const nlohmann::json* values_json = member(input, "ExpressionAttributeValues", Shape::kMap);
  if (names_json) {
    for (const auto& [key, value] : names_json->items()) {
      if (!value.is_string()) throw_wrong_type(value, "an String");
      names.emplace_back(key, value.get<std::string>());
      name_keys.push_back(key);
    }
  }
  if (values_json) {
    for (const auto& [key, value] : values_json->items()) {
      if (!value.is_object()) throw_wrong_type(value, "an AttributeValue");
      values.emplace(key, model::AttributeValue::from_json(value));
      value_keys.push_back(key);
    }
  }
  expressions::check_placeholder_maps(names_json ? &name_keys : nullptr,
                                      values_json ? &value_keys : nullptr);
  ExpressionContext ctx{expressions::Resolver(std::move(names), std::move(value_keys)),
                        std::move(values), names_json != nullptr, values_json != nullptr};
  return ctx;
}

CapacityMode read_capacity_mode(const nlohmann::json& input) {
  auto mode = string_member(input, "ReturnConsumedCapacity");
  if (!mode || *mode == "NONE") return CapacityMode::kNone;
  if (*mode == "TOTAL") return CapacityMode::kTotal;
  if (*mode == "INDEXES") return CapacityMode::kIndexes;
  Validator v;
  v.fail(*mode, "returnConsumedCapacity",
         "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
  v.throw_if_failed();
  return CapacityMode::kNone;
}

void add_consumed_capacity(nlohmann::json& out, CapacityMode mode, const std::string& table,
                           double units, const storage::IndexInfo* index) {
  if (mode == CapacityMode::kNone) return;
  nlohmann::json c = {{"TableName", table}, {"CapacityUnits", units}};
  if (mode == CapacityMode::kIndexes && !index) c["Table"] = {{"CapacityUnits", units}};
  if (mode == CapacityMode::kIndexes && index)
    c[index->global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes"] = {
        {index->name, {{"CapacityUnits", units}}}};
  out["ConsumedCapacity"] = std::move(c);
}

double read_units(int64_t bytes, bool consistent) {
  double units = std::max<double>(1.0, std::ceil(static_cast<double>(bytes) / 4096.0));
  return consistent ? units : units / 2;
}

double write_units(int64_t bytes) {
  return std::max<double>(1.0, std::ceil(static_cast<double>(bytes) / 1024.0));
}

storage::TablePtr require_item_table(storage::TableStore& tables, const std::string& name) {
  auto table = tables.find(name);
  if (!table) throw errors::resource_not_found();
  return table;
}

storage::TablePtr require_item_table_or_arn(storage::TableStore& tables,
                                            const std::string& name_or_arn) {
  auto table = name_or_arn.rfind("arn:", 0) == 0 ? tables.find_by_arn(name_or_arn)
                                                 : tables.find(name_or_arn);
  if (!table) throw errors::resource_not_found();
  return table;
}

model::Item parse_stored(const std::string& json) {
  return model::item_from_json(nlohmann::json::parse(json));
}

}  // namespace localcloud::dynamodb::api
