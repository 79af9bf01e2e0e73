// One item write — PutItem, UpdateItem, DeleteItem, or an action of
// TransactWriteItems (which adds ConditionCheck) — in three steps:
//
//   read_*()    the request's members, parsed and resolved, before the table
//               is known (throws AwsError);
//   bind()      against the table: the encoded key, the item size (throws
//               KeySchemaError for a key that does not fit the schema);
//   evaluate()  inside the write job, against the current item: the
//               condition, the update, the new item — nothing written yet;
//   apply()     the write itself, through storage::write_item/delete_item.
//
// A single write evaluates and applies at once; a transaction evaluates every
// action before it applies any. (Alternator's rmw_operation has this shape.)
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/item_request.h"
#include "eval/evaluator.h"
#include "expressions/ast.h"
#include "localcloud/sqlite/database.h"
#include "model/attribute_value.h"
#include "storage/items.h"
#include "storage/tables.h"

namespace localcloud::dynamodb::api {

// ReturnValues: NONE, ALL_OLD, and for UpdateItem the UPDATED_* and ALL_NEW.
enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };
ReturnValues read_return_values(const nlohmann::json& input, bool update);

// ReturnValuesOnConditionCheckFailure: ALL_OLD puts the item in the error.
bool read_return_on_failure(const nlohmann::json& input);

// TableName of a single-item operation: a table name, 3..255 characters.
std::string table_name_for_items(const nlohmann::json& input);

// A required item-shaped map member (Item, Key): "Value null at '<path>'"
// when missing.
model::Item read_item_member(const nlohmann::json& input, std::string_view field,
                             std::string_view path,
                             const model::ParseOptions& options = {model::MessageStyle::kCurrent,
                                                                   true});

// ProjectionExpression, or (when `legacy`) AttributesToGet.
std::optional<expressions::ProjectionExpression> read_projection(const nlohmann::json& input,
                                                                 ExpressionContext& ec,
                                                                 bool legacy);

enum class WriteKind { kPut, kUpdate, kDelete, kConditionCheck };

// How a request spells its write: the single-item operations accept the
// legacy parameters (Expected, AttributeUpdates) and read values as their
// validation layer does; transactions take expressions only.
struct WriteDialect {
  bool legacy = true;
  model::ParseOptions values;
  // Where a missing member is, for "Value null at '<prefix>item'".
  std::string path_prefix;
};

// A write as read from the request, table not yet known.
struct ParsedWrite {
  WriteKind kind = WriteKind::kPut;
  model::Item item;  // kPut: the item; otherwise: the Key
  std::shared_ptr<ExpressionContext> expressions;
  std::shared_ptr<const expressions::ConditionExpression> condition;
  std::shared_ptr<const expressions::UpdateExpression> update;
  eval::UpdateDialect update_dialect = eval::UpdateDialect::kExpression;
  bool return_item_on_failure = false;
};

// Reads Item/Key, the expressions and ReturnValuesOnConditionCheckFailure of
// `input`, a PutItem/UpdateItem/DeleteItem request or a Put, Update, Delete or
// ConditionCheck of TransactWriteItems. Unused placeholders are an error.
ParsedWrite read_write(WriteKind kind, const nlohmann::json& input, const WriteDialect& dialect);

// A write ready for its job: copyable, shared parts immutable.
struct WriteAction {
  WriteKind kind = WriteKind::kPut;
  storage::TablePtr table;
  EncodedKey key;
  // kPut: the new item; kUpdate: the key attributes an absent item starts from.
  std::shared_ptr<const model::Item> item;
  std::string item_json;  // kPut: the item's canonical JSON
  int64_t item_size = 0;  // kPut
  std::shared_ptr<const ExpressionContext> expressions;
  std::shared_ptr<const expressions::ConditionExpression> condition;
  std::shared_ptr<const expressions::UpdateExpression> update;
  eval::UpdateDialect update_dialect = eval::UpdateDialect::kExpression;
  bool return_item_on_failure = false;
  // Parse the stored item even when nothing above needs it (ReturnValues).
  bool needs_current = false;
};

// Binds `parsed` to `table`: encodes the key (KeySchemaError when it does not
// fit), checks a put item's size and that an update leaves the key alone.
WriteAction bind(ParsedWrite parsed, storage::TablePtr table);

// What a write would do to the current item.
struct Evaluated {
  std::optional<storage::StoredItem> stored;
  std::optional<model::Item> current;  // parsed when a condition, update or ReturnValues needs it
  bool condition_failed = false;
  std::optional<model::Item> updated;  // kUpdate: the new item
  std::string updated_json;
  int64_t updated_size = 0;
  std::vector<expressions::DocumentPath> changed;  // kUpdate: the paths written
};

// Reads the item and evaluates the condition and, unless it failed, the
// update. Writes nothing. Throws AwsError ValidationException for an update
// that cannot apply to this item (AWS's texts).
Evaluated evaluate(sqlite::Connection& conn, const WriteAction& action);

// Writes what evaluate() decided (nothing for kConditionCheck).
void apply(sqlite::Connection& conn, const WriteAction& action, const Evaluated& evaluated);

// The ConditionalCheckFailedException of a failed condition, with the item
// when ReturnValuesOnConditionCheckFailure asked for it.
AwsError condition_failure(const WriteAction& action, const Evaluated& evaluated);

// The item's size before and after: what a write consumes.
int64_t written_size(const WriteAction& action, const Evaluated& evaluated);

}  // namespace localcloud::dynamodb::api
