// Pieces every item operation reads from its request: the key, the item,
// ExpressionAttributeNames/Values, ReturnValues, ReturnConsumedCapacity, and
// the capacity arithmetic of the response.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "eval/evaluator.h"
#include "expressions/ast.h"
#include "expressions/resolver.h"
#include "localcloud/core/aws_error.h"
#include "model/attribute_value.h"
#include "storage/tables.h"

namespace localcloud::dynamodb::api {

// A key as the storage layer wants it: encoded partition and sort key.
struct EncodedKey {
  std::string pk;
  std::string sk;  // empty for tables without a sort key
};

// A key that does not fit the table's key schema: a missing, extra or
// mistyped key attribute. Single-item operations send it as the
// ValidationException it is; TransactWriteItems and TransactGetItems report
// it as that action's ValidationError cancellation reason instead. (An
// empty or oversized key value is a plain AwsError: AWS rejects those
// before any transaction starts.)
class KeySchemaError : public AwsError {
 public:
  explicit KeySchemaError(AwsError error) : AwsError(std::move(error)) {}
};

// The Key parameter of GetItem, DeleteItem, UpdateItem and batches: exactly
// the table's key attributes with their declared types, else "The provided
// key element does not match the schema".
EncodedKey key_from_key_param(const storage::TableInfo& table, const model::Item& key);

// The key of an item to write (PutItem, BatchWriteItem): each key attribute
// present with its declared type, non-empty and within the size limits.
EncodedKey key_from_item(const storage::TableInfo& table, const model::Item& item);

// The table's key attributes of `item`, as a wire JSON object.
nlohmann::json key_json(const storage::TableInfo& table, const model::Item& item);

// ExpressionAttributeNames and ExpressionAttributeValues of a request, with
// the Resolver that tracks which are used.
struct ExpressionContext {
  expressions::Resolver resolver;
  eval::Values values;
  bool has_names = false;
  bool has_values = false;
};
ExpressionContext read_expression_context(const nlohmann::json& input);

// The string member `field` if present (a SerializationException if not a string).
std::optional<std::string> string_member(const nlohmann::json& input, std::string_view field);

// ReturnConsumedCapacity: NONE (default), TOTAL or INDEXES.
enum class CapacityMode { kNone, kTotal, kIndexes };
CapacityMode read_capacity_mode(const nlohmann::json& input);

// Adds ConsumedCapacity for `units` on `table` (or on its `index`: INDEXES
// then names the index instead of the table) to `out` when asked for.
void add_consumed_capacity(nlohmann::json& out, CapacityMode mode, const std::string& table,
                           double units, const storage::IndexInfo* index = nullptr);

// Capacity units of reading `bytes` (4 KB units, halved unless consistent)
// and of writing an item of `bytes` (1 KB units, at least 1).
double read_units(int64_t bytes, bool consistent);
double write_units(int64_t bytes);

// Throws "Requested resource not found" for a missing table.
storage::TablePtr require_item_table(storage::TableStore& tables, const std::string& name);

// The same for a TableName that may also be the table's ARN (transactions).
storage::TablePtr require_item_table_or_arn(storage::TableStore& tables,
                                            const std::string& name_or_arn);

// Parses stored canonical JSON back into an item.
model::Item parse_stored(const std::string& json);

}  // namespace localcloud::dynamodb::api
