// The typed AST of DynamoDB expressions (condition, filter, key-condition,
// update, projection).
//
// Value-agnostic by design: a value is referred to by its ":placeholder" and
// a name by its document path; the value model binds them at evaluation.
// Parsing yields paths that may hold "#placeholder" elements; the Resolver
// (resolver.h) replaces them by attribute names. Nodes are plain movable
// values; an AST has no links to the text it was parsed from.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "expressions/errors.h"

namespace localcloud::dynamodb::expressions {

// One step of a document path: a map key (attribute name), a not yet
// resolved "#name" placeholder, or a list index.
struct PathElement {
  enum class Kind { kAttribute, kPlaceholder, kIndex };

  Kind kind = Kind::kAttribute;
  // kAttribute: the attribute name. kPlaceholder: the placeholder as written
  // ("#n"). kIndex: the digits as written, kept for AWS's range message.
  std::string text;
  // kIndex: the index, meaningful only when index_in_range().
  std::uint32_t index = 0;

  static PathElement attribute(std::string name);
  static PathElement placeholder(std::string token);
  static PathElement list_index(std::string digits);

  bool is_index() const { return kind == Kind::kIndex; }
  // AWS accepts list indexes up to 2^31 - 1.
  bool index_in_range() const;

  friend bool operator==(const PathElement&, const PathElement&) = default;
};

// A document path such as a.b[2].#c: never empty, starts with a name.
struct DocumentPath {
  std::vector<PathElement> elements;

  friend bool operator==(const DocumentPath&, const DocumentPath&) = default;
};

// A ":name" reference into ExpressionAttributeValues.
struct ValueRef {
  std::string name;  // with the colon, e.g. ":v"

  friend bool operator==(const ValueRef&, const ValueRef&) = default;
};

struct Operand;

// A call such as size(a) or list_append(a, :v). The parser accepts any
// name and argument count; which are allowed where is checked afterwards,
// with AWS's messages.
struct FunctionCall {
  std::string name;  // as written; function names are case-sensitive
  std::vector<Operand> arguments;
};

// A value-producing term: a document path, a value placeholder, or a
// function call.
struct Operand {
  std::variant<DocumentPath, ValueRef, FunctionCall> node;

  const DocumentPath* path() const { return std::get_if<DocumentPath>(&node); }
  const ValueRef* value() const { return std::get_if<ValueRef>(&node); }
  const FunctionCall* call() const { return std::get_if<FunctionCall>(&node); }
};

// ---- Conditions (ConditionExpression, FilterExpression, KeyConditionExpression)

enum class Comparator { kEqual, kNotEqual, kLess, kLessOrEqual, kGreater, kGreaterOrEqual };

struct Condition;

// left <comparator> right
struct Comparison {
  Comparator op;
  Operand left;
  Operand right;
};

// value BETWEEN lower AND upper
struct Between {
  Operand value;
  Operand lower;
  Operand upper;
};

// value IN (candidates...)
struct In {
  Operand value;
  std::vector<Operand> candidates;
};

// A function used as a condition: attribute_exists(a), begins_with(a, :p)...
struct FunctionCondition {
  FunctionCall call;
};

struct Not {
  std::unique_ptr<Condition> operand;
};

struct And {
  std::unique_ptr<Condition> left;
  std::unique_ptr<Condition> right;
};

struct Or {
  std::unique_ptr<Condition> left;
  std::unique_ptr<Condition> right;
};

// A node of a condition tree. Parentheses leave no node: the tree's shape
// carries the grouping. AND and OR are left-associative binary nodes.
struct Condition {
  std::variant<Comparison, Between, In, FunctionCondition, Not, And, Or> node;

  // True for the nodes that hold operands (all but Not, And, Or).
  bool is_leaf() const;
};

// A parsed condition, filter or key-condition expression.
struct ConditionExpression {
  ExpressionKind kind = ExpressionKind::kCondition;
  Condition root;
};

// ---- Update expressions

// The right-hand side of SET: an operand, or two operands joined by + or -.
struct SetValue {
  enum class Op { kNone, kPlus, kMinus };

  Operand left;
  Op op = Op::kNone;
  std::optional<Operand> right;  // present unless op is kNone
};

struct SetAction {
  DocumentPath path;
  SetValue value;
};

struct RemoveAction {
  DocumentPath path;
};

// ADD path :value and DELETE path :value.
struct AddAction {
  DocumentPath path;
  ValueRef value;
};

struct DeleteAction {
  DocumentPath path;
  ValueRef value;
};

enum class UpdateClause { kSet, kRemove, kAdd, kDelete };

// An update expression, grouped by clause. AWS allows each clause once, in
// any order; `written_order` keeps the order the actions were written in,
// which decides which error AWS reports first.
struct UpdateExpression {
  struct ActionRef {
    UpdateClause clause;
    std::size_t index;  // into the vector of that clause
  };

  std::vector<SetAction> set_actions;
  std::vector<RemoveAction> remove_actions;
  std::vector<AddAction> add_actions;
  std::vector<DeleteAction> delete_actions;
  std::vector<ActionRef> written_order;

  // The path an action writes.
  const DocumentPath& target(ActionRef action) const;
  DocumentPath& target(ActionRef action);
};

// ---- Projection expressions

struct ProjectionExpression {
  std::vector<DocumentPath> paths;  // as written
};

}  // namespace localcloud::dynamodb::expressions
