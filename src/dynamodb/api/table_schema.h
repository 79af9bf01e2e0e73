// The schema parts of CreateTable and UpdateTable: key schemas, provisioned
// throughput and secondary index declarations, read with AWS's validation,
// and the indexes as DescribeTable states them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/validation.h"

namespace localcloud::dynamodb::api {

struct KeyElement {
  std::string name;
  std::string type;  // "HASH" or "RANGE" once validated
};

struct Throughput {
  int64_t read = 0;
  int64_t write = 0;
};

// ProvisionedThroughput of `parent`, each unit at least 1; `path` names it in messages.
std::optional<Throughput> read_throughput(const nlohmann::json& parent, Validator& v,
                                          const std::string& path);

// KeySchema of `parent`: 1 or 2 elements, each with a name and HASH/RANGE.
std::vector<KeyElement> read_key_schema(const nlohmann::json& parent, Validator& v,
                                        const std::string& path);

// "a, b, c", as AWS lists names in messages.
std::string join_names(const std::vector<std::string>& names);

// A GSI or LSI as CreateTable (or UpdateTable's Create action) declares it.
struct IndexDeclaration {
  bool global = true;
  std::string name;
  std::vector<KeyElement> keys;
  std::optional<std::string> projection_type;
  std::optional<std::vector<std::string>> non_key;
  std::optional<Throughput> throughput;
};

// One index declaration at `path` ("globalSecondaryIndexes.1.member"):
// shape and member constraints.
IndexDeclaration read_index(const nlohmann::json& e, bool global, Validator& v,
                            const std::string& path);

// GlobalSecondaryIndexes or LocalSecondaryIndexes of CreateTable, or nullopt.
std::optional<std::vector<IndexDeclaration>> read_index_list(const nlohmann::json& input,
                                                             bool global, Validator& v);

// The table's key schema and attribute definitions, as the index rules need them.
struct TableKeys {
  std::vector<KeyElement> keys;
  std::vector<std::string> defined;  // AttributeDefinitions' names, in order
};

// AWS's rules for one index of a table: key attributes defined, HASH then
// RANGE, an LSI sharing the table's hash key, the projection, throughput
// for the billing mode. Throws ValidationException.
void check_index(const IndexDeclaration& index, const TableKeys& table, bool on_demand);

// Every index rule of CreateTable, in AWS's order, including the per-table
// limits, duplicate names and unused attribute definitions.
void check_create_indexes(const std::optional<std::vector<IndexDeclaration>>& lsis,
                          const std::optional<std::vector<IndexDeclaration>>& gsis,
                          const TableKeys& table, bool on_demand);

// The index as stored in the table's description; DescribeTable adds
// IndexStatus, ItemCount, IndexSizeBytes and WarmThroughput.
nlohmann::json index_description(const IndexDeclaration& index, const std::string& table_arn);

}  // namespace localcloud::dynamodb::api

namespace localcloud::dynamodb::api {

// What UpdateTable's GlobalSecondaryIndexUpdates do to a table's description.
struct IndexUpdates {
  nlohmann::json description;          // the table's description afterwards
  std::optional<std::string> created;  // the index to build from the table's items
  std::optional<nlohmann::json> deleted;  // the dropped index's description
};

// Applies Create / Update / Delete actions (and UpdateTable's
// AttributeDefinitions) to `description` with AWS's checks.
IndexUpdates apply_index_updates(const nlohmann::json& input, const nlohmann::json& updates,
                                 nlohmann::json description, bool on_demand);

}  // namespace localcloud::dynamodb::api
