#include "storage/schema.h"

namespace localcloud::lambda::storage {
namespace {

// One row per function: its whole state (configuration, code identity,
// tags, policy, reserved concurrency) is one JSON record written by
// model/function_record, so every change is a read-modify-write of one row
// inside the writer's transaction. The code itself lives on disk, in the
// directory the record's code digest names.
constexpr sqlite::Migration kMigrations[] = {
    {1,
     "CREATE TABLE lambda_functions ("
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  name TEXT NOT NULL UNIQUE,"
     "  record TEXT NOT NULL"
     ");"},
    // Event source mappings, one JSON document each (storage/mappings.h).
    {2,
     "CREATE TABLE lambda_event_source_mappings ("
     "  uuid TEXT PRIMARY KEY,"
     "  record TEXT NOT NULL"
     ") WITHOUT ROWID;"},
};

}  // namespace

std::span<const sqlite::Migration> migrations() { return kMigrations; }

}  // namespace localcloud::lambda::storage
