// Order-preserving encodings of key values (S, N, B) for the storage layer.
//
// memcmp (SQLite's BLOB order) over two encodings of the same type orders
// them as DynamoDB orders the values: S by UTF-8 bytes, B by unsigned bytes,
// N numerically. Distinct values have distinct encodings, and decoding gives
// the value back.
//
// Scope of the guarantee: each key part orders correctly on its own. The
// storage keeps the partition key and the sort key in separate columns and
// never compares encodings of different types, so the encodings need not be
// self-delimiting when concatenated (S and B encodings are the raw bytes, and
// one may be a prefix of another). Because S and B are raw bytes, a
// begins_with condition is the byte-range [prefix, prefix + 1) on the
// encodings, and BETWEEN/</> conditions are plain range scans.
//
// Numbers: one class byte (0x01 negative, 0x02 zero, 0x03 positive), then for
// non-zero values the exponent + 130 as one byte (the range -130..125 fits
// exactly), then the significant digits packed two per byte as values 0..99
// (a trailing odd digit pads with 0). Trailing zeros are never significant, so
// a shorter digit string that is a prefix of a longer one is the smaller
// magnitude, which is memcmp's prefix rule. Negative numbers store 255 minus
// the exponent byte and 99 minus each digit byte, then a 0xFF terminator that
// sorts above every complemented digit byte, so the larger magnitude (the
// smaller number) comes first.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace localcloud::dynamodb::model {

// True for the types DynamoDB allows in keys: S, N and B.
bool is_key_type(AttributeType type);

// The encoding of a key value. `value` must be of a key type (else
// std::invalid_argument: a caller bug, key types are validated earlier).
std::string encode_key_part(const AttributeValue& value);
std::string encode_number_key(const Number& number);

// The value `bytes` encodes as `type`; nullopt when `bytes` is not a valid
// encoding (corrupt storage) or `type` is not a key type.
std::optional<AttributeValue> decode_key_part(AttributeType type, std::string_view bytes);

}  // namespace localcloud::dynamodb::model
