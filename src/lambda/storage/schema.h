// The Lambda component's SQLite schema and its migrations.
#pragma once

#include <span>

#include "localcloud/sqlite/store.h"

namespace localcloud::lambda::storage {

inline constexpr const char* kComponent = "lambda";

// Every migration of the Lambda component, oldest first.
std::span<const sqlite::Migration> migrations();

}  // namespace localcloud::lambda::storage
