// The DynamoDB tables' SQLite schema and its migrations.
#pragma once

#include <span>

#include "localcloud/sqlite/store.h"

namespace localcloud::dynamodb::storage {

inline constexpr const char* kComponent = "dynamodb";

// Every migration of the DynamoDB component, oldest first.
std::span<const sqlite::Migration> migrations();

}  // namespace localcloud::dynamodb::storage
