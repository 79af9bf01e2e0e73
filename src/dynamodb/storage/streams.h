// DynamoDB Streams in SQLite: a table's streams, their change records, and
// the wake-up that tells stream readers a commit carried new records.
//
// A stream has exactly one shard (localcloud's choice: AWS splits shards by
// throughput, and a single shard keeps every item's changes in order, which
// is all readers may rely on anyway). Records are appended by the write path
// (storage/writes) inside the same transaction as the item change, so a
// record exists exactly when its change was committed. Sequence numbers are
// per stream, strictly increasing; on the wire they are 21-digit decimal
// strings. Records and disabled streams are kept for 24 hours.
//
// Functions taking a Connection run inside a Store::write job (writes) or
// with any connection (reads); nothing here validates requests.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "localcloud/sqlite/database.h"

namespace localcloud::dynamodb::storage {

struct TableInfo;
struct StoredItem;
struct NewItem;

inline constexpr int64_t kStreamRetentionMs = 24LL * 60 * 60 * 1000;

// A stream as stored.
struct StreamRow {
  int64_t id = 0;
  std::string arn;
  std::string label;
  std::string table_name;
  std::string view_type;  // KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES
  std::string shard_id;
  nlohmann::json key_schema;  // the table's KeySchema when the stream was made
  int64_t created_ms = 0;
  std::optional<int64_t> disabled_ms;  // when it stopped taking records
  int64_t first_seq = 0;               // the shard's first sequence number
  int64_t last_seq = 0;                // the last one given out (first_seq - 1 if none)
  int64_t trimmed_through = 0;         // records up to here are gone
};

// "1" and the sequence number in 20 digits: AWS's 21-digit shape, whose text
// order is the numeric order.
std::string format_sequence_number(int64_t seq);
// The sequence number `text` names, or nullopt when it is not one of ours.
std::optional<int64_t> parse_sequence_number(std::string_view text);

// "2024-11-18T14:36:44.149": the label AWS gives a stream, in UTC.
std::string stream_label(int64_t epoch_ms);

// Makes the catalog follow a table change: `before` and `after` are the
// table's old and new versions (null when created or deleted). A stream that
// is no longer the table's enabled stream becomes DISABLED; a new enabled
// stream is created. If `after` names a stream ARN already used, its label
// is moved forward by a millisecond until unique, in its description too.
void sync_table_stream(sqlite::Connection& conn, const TableInfo* before, TableInfo* after,
                       int64_t now_ms);

// Appends the record of one item change to the table's stream, if it has an
// enabled one: `next` null is a deletion, `previous` null an insertion. A
// change that leaves the item as it was appends nothing. `by_service` marks
// DynamoDB's own deletions (Time to Live) with userIdentity {Type: Service,
// PrincipalId: dynamodb.amazonaws.com}.
void record_stream_change(sqlite::Connection& conn, const TableInfo& table, const NewItem* next,
                          const StoredItem* previous, bool by_service = false);

std::optional<StreamRow> find_stream(sqlite::Connection& conn, std::string_view arn);

// Streams by ARN order, after `after` (empty: from the start), of the table
// called `table_name` when given, at most `limit`.
std::vector<StreamRow> list_streams(sqlite::Connection& conn,
                                    const std::optional<std::string>& table_name,
                                    std::string_view after, size_t limit);

struct StreamRecord {
  int64_t seq = 0;
  std::string json;  // the record as GetRecords returns it
};

// Up to `limit` records of `stream_id` after sequence number `after`, made
// at or after `not_before_ms`, in order.
std::vector<StreamRecord> read_stream_records(sqlite::Connection& conn, int64_t stream_id,
                                              int64_t after, size_t limit, int64_t not_before_ms);

// Drops records older than the retention period and streams disabled for
// longer than it.
void trim_streams(sqlite::Connection& conn, int64_t now_ms);

// Tells stream readers that records were committed. Thread safety: every
// member may be called from any thread.
class StreamSignal {
 public:
  // A count that grows whenever records may have been committed.
  uint64_t generation() const;
  // Blocks until generation() differs from `seen` or `deadline` passes;
  // returns generation().
  uint64_t wait(uint64_t seen, std::chrono::steady_clock::time_point deadline);
  // Called after each commit: wakes waiters if a record was appended since
  // the last call.
  void after_commit();

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  uint64_t generation_ = 0;
};

}  // namespace localcloud::dynamodb::storage
