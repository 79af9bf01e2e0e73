// Internal to eval/: DynamoDB's comparisons and functions on single typed
// values, shared by condition evaluation, the value checks and updates.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace localcloud::dynamodb::eval::internal {

// S, N and B: the types <, <=, >, >= and BETWEEN order.
bool is_ordered(model::AttributeType type);
bool is_set(model::AttributeType type);

// The order of two values of one ordered type: strings and binaries by
// unsigned bytes (UTF-8 order for strings), numbers numerically. nullopt
// when the types differ or are not ordered: such comparisons are false.
std::optional<std::strong_ordering> compare_ordered(const model::AttributeValue& a,
                                                    const model::AttributeValue& b);

// contains(haystack, needle): a substring of an S, a byte subsequence of a
// B, a member of a set of the matching scalar type, an element of an L.
bool contains(const model::AttributeValue& haystack, const model::AttributeValue& needle);

// begins_with(value, prefix) on two S or two B.
bool begins_with(const model::AttributeValue& value, const model::AttributeValue& prefix);

// size(value): the length of an S in UTF-16 code units (as DynamoDB's Java
// engine counts, and dynalite's recorded behaviour agrees), the bytes of a
// B, the members of a set, the elements of an L or M. nullopt for N, BOOL
// and NULL, which makes a comparison with size() false.
std::optional<model::AttributeValue> size_of(const model::AttributeValue& value);

// "AttributeValue: {N:5}", as BETWEEN's bound messages print an operand
// (numbers normalised, binaries in base64).
std::string bound_for_message(const model::AttributeValue& value);

// The long type names ADD and DELETE messages use: STRING, NUMBER, BINARY,
// BOOL, NULL, LIST, MAP, STRING_SET, NUMBER_SET, BINARY_SET.
std::string_view long_type_name(model::AttributeType type);

}  // namespace localcloud::dynamodb::eval::internal
