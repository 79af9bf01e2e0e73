#include "storage/schema.h"

namespace localcloud::dynamodb::storage {
namespace {

// Table descriptions are kept as the JSON DescribeTable returns (less the
// counters computed on read), so what a client created is echoed verbatim.
constexpr sqlite::Migration kMigrations[] = {
    {1,
     "CREATE TABLE dynamodb_tables ("
     "  name TEXT PRIMARY KEY,"
     "  description TEXT NOT NULL,"
     "  created_at REAL NOT NULL"
     ") WITHOUT ROWID;"},
};

}  // namespace

std::span<const sqlite::Migration> migrations() { return kMigrations; }

}  // namespace localcloud::dynamodb::storage
