#include "storage/schema.h"

namespace localcloud::logs::storage {
namespace {

// Groups own streams, streams own events; deleting a group cascades to its
// streams (the writer connection enables foreign keys), and since version 2
// events are deleted with their group or stream explicitly. A stream keeps
// its summary (first and last event time, last ingestion, upload sequence,
// bytes) so listing streams never scans events, and a group its byte count.
//
// Events carry their group as well as their stream, so both GetLogEvents
// (one stream) and FilterLogEvents (a whole group, interleaved) read one
// index range in (timestamp, id) order (since version 2 the group's is the
// table itself). Ids grow in append order, so events
// with equal timestamps keep the order they were written in.
constexpr sqlite::Migration kMigrations[] = {
    {1,
     "CREATE TABLE logs_groups ("
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  name TEXT NOT NULL UNIQUE,"
     "  creation_time INTEGER NOT NULL,"
     "  retention_days INTEGER,"
     "  class TEXT NOT NULL DEFAULT 'STANDARD',"
     "  stored_bytes INTEGER NOT NULL DEFAULT 0"
     ");"
     "CREATE TABLE logs_streams ("
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  group_id INTEGER NOT NULL REFERENCES logs_groups(id) ON DELETE CASCADE,"
     "  name TEXT NOT NULL,"
     "  creation_time INTEGER NOT NULL,"
     "  first_event INTEGER,"
     "  last_event INTEGER,"
     "  last_ingestion INTEGER,"
     "  upload_sequence INTEGER NOT NULL DEFAULT 0,"
     "  stored_bytes INTEGER NOT NULL DEFAULT 0,"
     "  UNIQUE (group_id, name)"
     ");"
     "CREATE INDEX logs_streams_by_last_event ON logs_streams(group_id, last_event, name);"
     "CREATE TABLE logs_events ("
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  stream_id INTEGER NOT NULL REFERENCES logs_streams(id) ON DELETE CASCADE,"
     "  group_id INTEGER NOT NULL,"
     "  timestamp INTEGER NOT NULL,"
     "  ingestion_time INTEGER NOT NULL,"
     "  message TEXT NOT NULL"
     ");"
     "CREATE INDEX logs_events_by_stream ON logs_events(stream_id, timestamp, id);"
     "CREATE INDEX logs_events_by_group ON logs_events(group_id, timestamp, id);"},
    // Events clustered in the group order: the table is what the by-group
    // index was, one B-tree fewer to write per event. Ids come from
    // logs_event_ids (WITHOUT ROWID has no AUTOINCREMENT), and a stream's
    // events are deleted with it explicitly (no foreign key lookup per event).
    {2,
     "CREATE TABLE logs_events_v2 ("
     "  group_id INTEGER NOT NULL,"
     "  timestamp INTEGER NOT NULL,"
     "  id INTEGER NOT NULL,"
     "  stream_id INTEGER NOT NULL,"
     "  ingestion_time INTEGER NOT NULL,"
     "  message TEXT NOT NULL,"
     "  PRIMARY KEY (group_id, timestamp, id)"
     ") WITHOUT ROWID;"
     "INSERT INTO logs_events_v2(group_id, timestamp, id, stream_id, ingestion_time, message)"
     "  SELECT group_id, timestamp, id, stream_id, ingestion_time, message FROM logs_events;"
     "CREATE TABLE logs_event_ids (next INTEGER NOT NULL);"
     "INSERT INTO logs_event_ids SELECT coalesce(max(id), 0) + 1 FROM logs_events;"
     "DROP TABLE logs_events;"
     "ALTER TABLE logs_events_v2 RENAME TO logs_events;"
     "CREATE INDEX logs_events_by_stream ON logs_events(stream_id, timestamp, id);"},
};

}  // namespace

std::span<const sqlite::Migration> migrations() { return kMigrations; }

}  // namespace localcloud::logs::storage
