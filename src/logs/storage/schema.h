// The CloudWatch Logs SQLite schema and its migrations.
#pragma once

#include <span>

#include "localcloud/sqlite/store.h"

namespace localcloud::logs::storage {

inline constexpr const char* kComponent = "logs";

// Every migration of the logs component, oldest first.
std::span<const sqlite::Migration> migrations();

}  // namespace localcloud::logs::storage
