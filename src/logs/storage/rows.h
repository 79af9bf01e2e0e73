// Row-level helpers shared by LogStore's writes and reads: lookups by
// name, inserts, and the per-stream summary a write applies. Each takes the
// connection it runs on; none opens a transaction.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "localcloud/logs/log_store.h"
#include "localcloud/sqlite/database.h"

namespace localcloud::logs::storage {

// What AWS counts per event on top of its message when sizing a batch or a page.
inline constexpr size_t kEventOverhead = 26;
inline constexpr int64_t kMinTime = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kMaxTime = std::numeric_limits<int64_t>::max();

// The columns group_from_row and stream_from_row read, in order.
inline constexpr const char* kGroupColumns =
    "name, creation_time, retention_days, class, stored_bytes";
inline constexpr const char* kStreamColumns =
    "name, creation_time, first_event, last_event, last_ingestion, upload_sequence";

std::optional<int64_t> group_id_of(sqlite::Connection& conn, std::string_view name);
std::optional<int64_t> stream_id_of(sqlite::Connection& conn, int64_t group_id,
                                    std::string_view name);
int64_t insert_group(sqlite::Connection& conn, std::string_view name, int64_t now,
                     std::string_view log_group_class);
int64_t insert_stream(sqlite::Connection& conn, int64_t group_id, std::string_view name,
                      int64_t now);

// What one write adds to a stream, applied to its row (and its group's) once.
struct StreamDelta {
  int64_t group_id = 0;
  int64_t first_event = kMaxTime;
  int64_t last_event = kMinTime;
  int64_t last_ingestion = kMinTime;
  int64_t bytes = 0;
  size_t count = 0;
};

// Inserts events in order, many to a statement: a statement's own cost (its
// AUTOINCREMENT bookkeeping, the VM's start) is paid once per kRows events,
// not per event (Lambda appends three or more lines an invocation).
class EventInserter {
 public:
  // Takes the next event id from logs_event_ids; finish() stores it back.
  explicit EventInserter(sqlite::Connection& conn);
  ~EventInserter() = default;  // call finish(): what is queued is not inserted otherwise
  EventInserter(const EventInserter&) = delete;
  EventInserter& operator=(const EventInserter&) = delete;

  // Queues `events` (they must outlive finish()) and adds them to `delta`.
  void add(int64_t group_id, int64_t stream_id, const std::vector<Event>& events,
           int64_t ingestion_ms, StreamDelta& delta);
  // Inserts what is queued and records the ids used.
  void finish();

 private:
  static constexpr size_t kRows = 16;
  struct Row {
    int64_t id, stream_id, group_id, timestamp_ms, ingestion_ms;
    const std::string* message;
  };
  void insert(size_t n);  // the first n queued rows

  sqlite::Connection& conn_;
  std::vector<Row> rows_;
  int64_t next_id_ = 1;
  int64_t first_id_ = 1;
};
// Applies `delta` to the stream and its group; returns the stream's upload sequence.
int64_t apply_delta(sqlite::Connection& conn, int64_t stream_id, const StreamDelta& delta);

LogGroup group_from_row(sqlite::Statement& q);
LogStream stream_from_row(sqlite::Statement& q);

}  // namespace localcloud::logs::storage
