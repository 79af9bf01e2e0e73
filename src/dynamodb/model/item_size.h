// Item size as DynamoDB measures it, for the 400 KB item limit and for
// capacity-unit arithmetic.
//
// The rules are AWS's documented ones ("DynamoDB item sizes and formats",
// CapacityUnitCalculations.html): a name or string costs its UTF-8 bytes, a
// binary value its raw bytes, BOOL and NULL 1 byte, a List or Map 3 bytes plus
// 1 byte per element plus its elements (a Map element's name included), a set
// the sum of its members. Numbers follow what AWS measures rather than the
// documentation's approximation; see number_size.
#pragma once

#include <cstddef>

#include "model/attribute_value.h"

namespace localcloud::dynamodb::model {

// The largest item DynamoDB stores: an item of exactly this size is accepted,
// one byte more is refused with errors::item_too_large().
inline constexpr size_t kMaxItemBytes = 409600;

// A number's cost: 1 byte, plus 1 byte per base-100 digit pair between its
// first and last significant pair (pairs aligned on the decimal point), plus
// 1 byte if negative; zero costs 1. This is the centesimal layout the measured
// costs reveal: "12" costs 2, "123" 3, "1.5" 3 (its digits sit in two pairs),
// "3.14159" 5, "1E125" 2, "-42" 3 (all 23 literals captured against eu-west-2,
// paritysuite/dynamodb-conformance src/item-size.ts, fit this rule).
size_t number_size(const Number& number);

// The size of a value, without any attribute name.
size_t value_size(const AttributeValue& value);

// Sum over the attributes of name bytes plus value size.
size_t item_size(const Item& item);

}  // namespace localcloud::dynamodb::model
