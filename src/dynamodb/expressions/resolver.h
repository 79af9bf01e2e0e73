// Resolution of one request's ExpressionAttributeNames and
// ExpressionAttributeValues against its expressions, with the checks AWS
// makes once placeholders are known.
//
// Use one Resolver per request: resolve() each expression of the request in
// the order AWS checks them, then call check_unused(), because AWS rejects a
// name or value that no expression of the request used. resolve() rewrites
// "#name" path elements into attribute names in place and records which
// placeholders were used; values stay ":placeholders" for the evaluator to
// bind. Not thread-safe; a Resolver is request-local.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "expressions/ast.h"

namespace localcloud::dynamodb::expressions {
namespace internal {
class ResolvePass;
}  // namespace internal

// A check of one leaf condition (comparison, BETWEEN, IN or function) that
// needs the values themselves, such as operand types; supplied by the value
// layer. Returns AWS's detail text (without the "Invalid ...: " prefix) to
// reject the expression, nullopt to accept. It runs after that leaf's own
// checks and before any later leaf's, matching the order of AWS's messages.
using LeafCheck = std::function<std::optional<std::string>(const Condition& leaf)>;

class Resolver {
 public:
  // `names`: ExpressionAttributeNames as (placeholder, attribute name) pairs,
  // in request order. `values`: the placeholders of ExpressionAttributeValues,
  // in request order. Either may be empty when the request has none.
  Resolver(std::vector<std::pair<std::string, std::string>> names, std::vector<std::string> values);

  // Resolves a condition, filter or key-condition expression. Leaf by leaf,
  // in written order: undefined names and values (first in written order),
  // function operand counts, IN's 100-operand limit, operands that must be
  // distinct, functions that need a document path, then `leaf_check`.
  void resolve(ConditionExpression& expression, const LeafCheck& leaf_check = {});

  // Resolves an update expression: any undefined name, then any undefined
  // value, then overlapping or conflicting target paths, then function
  // operand counts and misuse, action by action.
  void resolve(UpdateExpression& update);

  // Resolves a projection expression: undefined names, then overlapping or
  // conflicting paths.
  void resolve(ProjectionExpression& projection);

  // Throws AWS's error if a name, else a value, was used by no expression
  // resolved so far: "Value provided in ExpressionAttributeNames unused in
  // expressions: keys: {#a, #b}".
  void check_unused() const;

 private:
  friend class internal::ResolvePass;

  // The attribute name for `placeholder`, marking it used; nullopt if the
  // request does not define it.
  std::optional<std::string> use_name(const std::string& placeholder);
  // Marks `placeholder` used; false if the request does not define it.
  bool use_value(const std::string& placeholder);

  std::vector<std::pair<std::string, std::string>> names_;
  std::vector<std::string> values_;
  std::unordered_map<std::string, std::size_t> name_index_;
  std::unordered_map<std::string, std::size_t> value_index_;
  std::vector<bool> name_used_;
  std::vector<bool> value_used_;
};

// The request-level checks of the two maps, which AWS makes before parsing
// any expression: an empty map ("ExpressionAttributeNames must not be
// empty") and a malformed key ('ExpressionAttributeValues contains invalid
// key: Syntax error; key: "v"'). Pass nullptr for a map the request lacks.
void check_placeholder_maps(const std::vector<std::string>* name_keys,
                            const std::vector<std::string>* value_keys);

}  // namespace localcloud::dynamodb::expressions
