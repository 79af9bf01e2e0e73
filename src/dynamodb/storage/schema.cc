#include "storage/schema.h"

namespace localcloud::dynamodb::storage {
namespace {

// Items live in one SQLite table for all DynamoDB tables, so creating a
// table never changes the schema. Their key orders items by table, then by
// a 32-bit hash of the partition key (DynamoDB's scan order, and the ranges
// parallel Scan segments cover), then by the encoded keys, whose byte order
// is DynamoDB's sort order. Items are stored as the canonical wire JSON
// GetItem returns. (Since migration 7 that key is a unique index beside a
// rowid table; see there.)
constexpr sqlite::Migration kMigrations[] = {
    {1,
     "CREATE TABLE dynamodb_tables ("
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  name TEXT NOT NULL UNIQUE,"
     "  description TEXT NOT NULL,"
     "  item_count INTEGER NOT NULL DEFAULT 0,"
     "  size_bytes INTEGER NOT NULL DEFAULT 0"
     ");"
     "CREATE TABLE dynamodb_items ("
     "  table_id INTEGER NOT NULL REFERENCES dynamodb_tables(id) ON DELETE CASCADE,"
     "  hash INTEGER NOT NULL,"
     "  pk BLOB NOT NULL,"
     "  sk BLOB NOT NULL,"
     "  item BLOB NOT NULL,"
     "  size INTEGER NOT NULL,"
     "  PRIMARY KEY (table_id, hash, pk, sk)"
     ") WITHOUT ROWID;"
     "CREATE TABLE dynamodb_tags ("
     "  table_id INTEGER NOT NULL REFERENCES dynamodb_tables(id) ON DELETE CASCADE,"
     "  key TEXT NOT NULL,"
     "  value TEXT NOT NULL,"
     "  PRIMARY KEY (table_id, key)"
     ") WITHOUT ROWID;"},
    // Secondary index entries: one row per item that has the index's key
    // attributes, holding the projected item. Within an index partition rows
    // order by the index sort key, then by the item's table key, which keeps
    // rows with equal index keys distinct.
    {2,
     "CREATE TABLE dynamodb_index_items ("
     "  table_id INTEGER NOT NULL REFERENCES dynamodb_tables(id) ON DELETE CASCADE,"
     "  index_name TEXT NOT NULL,"
     "  hash INTEGER NOT NULL,"
     "  pk BLOB NOT NULL,"
     "  sk BLOB NOT NULL,"
     "  base_pk BLOB NOT NULL,"
     "  base_sk BLOB NOT NULL,"
     "  item BLOB NOT NULL,"
     "  size INTEGER NOT NULL,"
     "  PRIMARY KEY (table_id, index_name, hash, pk, sk, base_pk, base_sk)"
     ") WITHOUT ROWID;"},
    // When the items of TTL-enabled tables expire, by item and by time.
    {3,
     "CREATE TABLE dynamodb_expiry ("
     "  table_id INTEGER NOT NULL REFERENCES dynamodb_tables(id) ON DELETE CASCADE,"
     "  hash INTEGER NOT NULL,"
     "  pk BLOB NOT NULL,"
     "  sk BLOB NOT NULL,"
     "  expires INTEGER NOT NULL,"
     "  PRIMARY KEY (table_id, hash, pk, sk)"
     ") WITHOUT ROWID;"
     "CREATE INDEX dynamodb_expiry_due ON dynamodb_expiry(table_id, expires);"},
    // TransactWriteItems' ClientRequestTokens (storage/client_tokens.h).
    {4,
     "CREATE TABLE dynamodb_client_tokens ("
     "  token TEXT PRIMARY KEY,"
     "  fingerprint TEXT NOT NULL,"
     "  response TEXT NOT NULL,"
     "  expires_at INTEGER NOT NULL"
     ") WITHOUT ROWID;"
     "CREATE INDEX dynamodb_client_tokens_expiry ON dynamodb_client_tokens(expires_at);"},
    // Streams outlive their table by 24 hours, so they refer to it by name
    // only. Records are keyed by stream and sequence number, the order
    // GetRecords reads them in; created_ms is what trimming goes by.
    {5,
     "CREATE TABLE dynamodb_streams ("
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  arn TEXT NOT NULL UNIQUE,"
     "  label TEXT NOT NULL,"
     "  table_name TEXT NOT NULL,"
     "  view_type TEXT NOT NULL,"
     "  shard_id TEXT NOT NULL,"
     "  key_schema TEXT NOT NULL,"
     "  created_ms INTEGER NOT NULL,"
     "  disabled_ms INTEGER,"
     "  first_seq INTEGER NOT NULL,"
     "  last_seq INTEGER NOT NULL,"
     "  trimmed_through INTEGER NOT NULL"
     ");"
     "CREATE INDEX dynamodb_streams_by_table ON dynamodb_streams(table_name);"
     "CREATE TABLE dynamodb_stream_records ("
     "  stream_id INTEGER NOT NULL REFERENCES dynamodb_streams(id) ON DELETE CASCADE,"
     "  seq INTEGER NOT NULL,"
     "  created_ms INTEGER NOT NULL,"
     "  record TEXT NOT NULL,"
     "  PRIMARY KEY (stream_id, seq)"
     ") WITHOUT ROWID;"
     "CREATE INDEX dynamodb_stream_records_by_age ON dynamodb_stream_records(created_ms);"},
    // Trimming walks a stream's records in sequence order instead: the
    // index on their age cost every write a second B-tree insert.
    {6, "DROP INDEX dynamodb_stream_records_by_age;"},
    // Items and index entries move out of WITHOUT ROWID tables, whose B-tree
    // key is the whole row: every split copied ~300-byte rows, item JSON and
    // all, into interior pages, so the trees were tall and narrow and each
    // random write dirtied more pages. Now rows append to a rowid table and
    // only the keys go into a unique index. PutItem at 16 connections, data
    // on disk: plain table +14%, with two GSIs and a stream +29%; WAL frames
    // per commit 14.7 -> 10.7 and 60 -> 44. A read takes one more B-tree
    // step (Scan pages ~10% slower, GetItem within noise).
    {7,
     "CREATE TABLE dynamodb_items_v7 ("
     "  id INTEGER PRIMARY KEY,"
     "  table_id INTEGER NOT NULL REFERENCES dynamodb_tables(id) ON DELETE CASCADE,"
     "  hash INTEGER NOT NULL,"
     "  pk BLOB NOT NULL,"
     "  sk BLOB NOT NULL,"
     "  item BLOB NOT NULL,"
     "  size INTEGER NOT NULL"
     ");"
     "INSERT INTO dynamodb_items_v7(table_id, hash, pk, sk, item, size) "
     "  SELECT table_id, hash, pk, sk, item, size FROM dynamodb_items;"
     "DROP TABLE dynamodb_items;"
     "ALTER TABLE dynamodb_items_v7 RENAME TO dynamodb_items;"
     "CREATE UNIQUE INDEX dynamodb_items_by_key ON dynamodb_items(table_id, hash, pk, sk);"
     "CREATE TABLE dynamodb_index_items_v7 ("
     "  id INTEGER PRIMARY KEY,"
     "  table_id INTEGER NOT NULL REFERENCES dynamodb_tables(id) ON DELETE CASCADE,"
     "  index_name TEXT NOT NULL,"
     "  hash INTEGER NOT NULL,"
     "  pk BLOB NOT NULL,"
     "  sk BLOB NOT NULL,"
     "  base_pk BLOB NOT NULL,"
     "  base_sk BLOB NOT NULL,"
     "  item BLOB NOT NULL,"
     "  size INTEGER NOT NULL"
     ");"
     "INSERT INTO dynamodb_index_items_v7(table_id, index_name, hash, pk, sk, base_pk, base_sk, item, size) "
     "  SELECT table_id, index_name, hash, pk, sk, base_pk, base_sk, item, size FROM dynamodb_index_items;"
     "DROP TABLE dynamodb_index_items;"
     "ALTER TABLE dynamodb_index_items_v7 RENAME TO dynamodb_index_items;"
     "CREATE UNIQUE INDEX dynamodb_index_items_by_key ON dynamodb_index_items"
     "(table_id, index_name, hash, pk, sk, base_pk, base_sk);"},
    // Stream records too (~0.5-1 KB each, both images of an item): the
    // divider copied into an interior page at every split was a whole record.
    {8,
     "CREATE TABLE dynamodb_stream_records_v8 ("
     "  id INTEGER PRIMARY KEY,"
     "  stream_id INTEGER NOT NULL REFERENCES dynamodb_streams(id) ON DELETE CASCADE,"
     "  seq INTEGER NOT NULL,"
     "  created_ms INTEGER NOT NULL,"
     "  record TEXT NOT NULL"
     ");"
     "INSERT INTO dynamodb_stream_records_v8(stream_id, seq, created_ms, record) "
     "  SELECT stream_id, seq, created_ms, record FROM dynamodb_stream_records ORDER BY stream_id, seq;"
     "DROP TABLE dynamodb_stream_records;"
     "ALTER TABLE dynamodb_stream_records_v8 RENAME TO dynamodb_stream_records;"
     "CREATE UNIQUE INDEX dynamodb_stream_records_by_seq ON dynamodb_stream_records(stream_id, seq);"},
};

}  // namespace

std::span<const sqlite::Migration> migrations() { return kMigrations; }

}  // namespace localcloud::dynamodb::storage
