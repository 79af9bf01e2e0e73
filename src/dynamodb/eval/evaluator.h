// Evaluation of resolved DynamoDB expressions against typed items: condition
// and filter matching, update application, projection, and the checks AWS
// makes once the values of ExpressionAttributeValues are known.
//
// Inputs come from expressions/ (parsed and resolved: no "#name" left in any
// path; values still ":placeholders") and model/ (typed values). Everything
// here is pure: no storage, no I/O, thread-safe.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "expressions/ast.h"
#include "expressions/resolver.h"
#include "model/attribute_value.h"

namespace localcloud::dynamodb::eval {

// ExpressionAttributeValues of one request, by placeholder (":v").
using Values = std::unordered_map<std::string, model::AttributeValue>;

// The Resolver's per-leaf check for `kind`, with the type rules AWS applies
// before touching any item (e.g. "Invalid ConditionExpression: Incorrect
// operand type for operator or function; operator or function: begins_with,
// operand type: N"; a key condition's value of the wrong type is left to
// the operations layer). The check refers to `values`, which must outlive
// it. The rules are the same for every `kind`; the Resolver names the
// parameter in the message.
expressions::LeafCheck leaf_check(const Values& values, expressions::ExpressionKind kind);

// True when `condition` holds for `item` (null: the item does not exist).
// Comparisons between different types are false, as in DynamoDB; missing
// attributes make comparisons false and attribute_not_exists true.
bool matches(const expressions::Condition& condition, const model::Item* item,
             const Values& values);

// The checks of a resolved UpdateExpression that need the values, which AWS
// makes before reading the item (so they win over a failing condition):
// list_append operands must be lists and + / - operands numbers ("Invalid
// UpdateExpression: Incorrect operand type for operator or function;
// operator or function: +, operand type: S"), ADD takes a number or a set
// and DELETE a set ("...; operator: ADD, operand type: STRING, typeSet:
// ALLOWED_FOR_ADD_OPERAND"). Action by action in written order; throws the
// first problem as AwsError ValidationException.
void check_update_values(const expressions::UpdateExpression& update, const Values& values);

// Which request parameter an update came from. AttributeUpdates (converted
// by legacy.h) may ADD to a list, appending, and reports type clashes as
// "Type mismatch for attribute to update".
enum class UpdateDialect { kExpression, kAttributeUpdates };

// Applies `update` to `item` with DynamoDB's semantics (SET with + and -,
// if_not_exists, list_append, list index assignment past the end appends;
// REMOVE of attributes and list elements; ADD to numbers and sets, creating
// them; DELETE from sets, removing an emptied set). Actions see the item as
// it was before the update (AWS evaluates every operand against the old
// item). Throws AwsError ValidationException with AWS's texts, e.g. "The
// provided expression refers to an attribute that does not exist in the
// item" and "An operand in the update expression has an incorrect data
// type". Returns the document paths the update wrote, for ReturnValues
// UPDATED_OLD and UPDATED_NEW.
//
// List indexes name elements as they were before the update: "REMOVE a[1]
// SET a[3] = :v" replaces the old fourth element, and several elements
// written past the end are appended in index order. An ADD or DELETE
// operand of a type check_update_values refuses throws that check's error.
// A nested path whose parent is missing, or is not the map or list the
// path needs, throws "The document path provided in the update expression
// is invalid for update" (REMOVE included). Numbers add exactly; a result
// out of range throws model's number overflow/underflow error. Every error
// is found before the first write, so on error `item` is unchanged (given
// disjoint target paths, which the Resolver guarantees). The paths returned
// are the targets in written order, an append reported at the index it got.
std::vector<expressions::DocumentPath> apply_update(const expressions::UpdateExpression& update,
                                                    model::Item& item, const Values& values);

// The same, for an update converted from AttributeUpdates when `dialect` is
// kAttributeUpdates.
std::vector<expressions::DocumentPath> apply_update(const expressions::UpdateExpression& update,
                                                    model::Item& item, const Values& values,
                                                    UpdateDialect dialect);

// The parts of `item` named by `paths` (ProjectionExpression, and the
// UPDATED_* return values): nested maps keep only the named members, lists
// only the named elements (compacted, in index order), as DynamoDB returns.
model::Item project(const model::Item& item, const std::vector<expressions::DocumentPath>& paths);

}  // namespace localcloud::dynamodb::eval
