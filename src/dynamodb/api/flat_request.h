// PutItem and GetItem in their everyday shape, read without a JSON tree.
//
// Most PutItem and GetItem requests are just {"TableName": ..., "Item": {...}}
// or {"TableName": ..., "Key": {...}} (GetItem perhaps with ConsistentRead),
// whose attributes are S, N, BOOL or NULL. Reading such a body straight into
// the model skips the JSON tree and the second pass over it, which cost about
// as much as the rest of a request thread's work on a PutItem.
//
// The reader accepts only that shape, completely valid: every member and
// attribute name once, every string printable ASCII without escapes, every
// number valid, NULL true, a well-formed table name. For anything else it
// declines (nullopt) and the caller reads the request the general way, so
// every error a client can see still comes from one place, and what is
// accepted means exactly what the general reader would make of it
// (tests/unit/dynamodb/api/flat_request_test.cc compares the two).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace localcloud::dynamodb::api {

struct FlatRequest {
  std::string table;
  model::Item item;  // Item (PutItem) or Key (GetItem)
  bool consistent_read = false;
};

enum class FlatShape {
  kPutItem,  // TableName, Item
  kGetItem,  // TableName, Key, optionally ConsistentRead
};

// `body` in `shape`, or nullopt when it is anything else.
std::optional<FlatRequest> read_flat_request(std::string_view body, FlatShape shape);

}  // namespace localcloud::dynamodb::api
