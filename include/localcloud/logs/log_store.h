// LogStore: CloudWatch Logs' log groups, log streams and events, kept in the
// shared SQLite store (component "logs").
//
// Two kinds of callers use it. Lambda writes handler output with append(),
// which never fails and never waits: appends are buffered and written by one
// writer job per group commit. The Logs service answers the API with the
// rest; its writes run in the store's writer and report through `Done` once
// committed, so a 200 means the change is on disk.
//
// Reads see committed state (and, with an in-memory store, writes the writer
// is running). Events are read in (timestamp, append order) order.
//
// Thread safety: every public member may be called from any thread, except
// that flush() must not be called from the store's writer thread.
#pragma once

#include <compare>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "localcloud/sqlite/store.h"

namespace localcloud::logs {

struct Event {
  int64_t timestamp_ms = 0;
  std::string message;
};

struct LogGroup {
  std::string name;
  int64_t creation_time_ms = 0;
  std::optional<int> retention_days;
  // STANDARD, INFREQUENT_ACCESS or DELIVERY, as created.
  std::string log_group_class = "STANDARD";
  // UTF-8 bytes of every message stored in the group.
  int64_t stored_bytes = 0;
};

struct LogStream {
  std::string name;
  int64_t creation_time_ms = 0;
  // Absent until the stream has an event.
  std::optional<int64_t> first_event_ms;
  std::optional<int64_t> last_event_ms;
  std::optional<int64_t> last_ingestion_ms;
  // Grows by one with every write to the stream (the upload sequence token).
  int64_t upload_sequence = 0;
};

// Where an event sits in read order: its timestamp, then its id (ids grow in
// append order and are unique in the store). {0, 0} is before every event.
struct EventPosition {
  int64_t timestamp_ms = 0;
  int64_t id = 0;
  auto operator<=>(const EventPosition&) const = default;
};

struct StoredEvent {
  EventPosition position;  // position.timestamp_ms is the event's timestamp
  int64_t ingestion_ms = 0;
  std::string stream;  // the stream's name
  std::string message;
};

class LogStore {
 public:
  // Called once with null after the commit, or with what failed: an AwsError
  // for AWS's client errors (e.g. ResourceNotFoundException), anything else
  // for a store failure. Runs on the store's writer thread: keep it short.
  using Done = std::function<void(std::exception_ptr)>;

  // Migrates the "logs" schema in `store` (which must outlive this).
  explicit LogStore(sqlite::Store& store);
  LogStore(const LogStore&) = delete;
  LogStore& operator=(const LogStore&) = delete;
  // Waits for the writer job in flight, if any; touches the store no more.
  ~LogStore();

  // Appends events to group/stream, creating both if missing (a group created
  // this way has no retention). Returns at once; appends gather for up to
  // kAppendDelay and then go to the store's writer as one job (CloudWatch
  // Logs, too, shows events some time after they are written): a commit per
  // invocation would cost more than the invocation. Events of one stream keep
  // their append order. Timestamps before the epoch are stored as 0. A failed
  // write is logged and its events are lost.
  void append(std::string group, std::string stream, std::vector<Event> events);
  // Blocks until everything appended before the call is committed (or failed).
  void flush();
  // Flushes, then drops later appends: call before the store closes.
  void close();

  static constexpr std::chrono::milliseconds kAppendDelay{50};

  // --- Groups ---------------------------------------------------------------
  // Errors: ResourceAlreadyExistsException.
  void create_group(std::string name, std::string log_group_class, Done done);
  // Deletes the group with its streams and events. Errors: ResourceNotFoundException.
  void delete_group(std::string name, Done done);
  // Sets (or with nullopt removes) the retention. Errors: ResourceNotFoundException.
  void set_retention(std::string group, std::optional<int> days, Done done);

  std::optional<LogGroup> find_group(std::string_view name) const;

  struct GroupQuery {
    std::string prefix;           // names starting with this
    std::string contains;         // and containing this (case-sensitive)
    std::string after;            // names strictly after this ("" = from the start)
    std::string log_group_class;  // only groups of this class, when not empty
    size_t limit = 50;
  };
  // Groups in name (byte) order.
  std::vector<LogGroup> list_groups(const GroupQuery& query) const;

  // --- Streams --------------------------------------------------------------
  // Errors: ResourceNotFoundException (group), ResourceAlreadyExistsException.
  void create_stream(std::string group, std::string stream, Done done);
  // Errors: ResourceNotFoundException (group or stream).
  void delete_stream(std::string group, std::string stream, Done done);

  std::optional<LogStream> find_stream(std::string_view group, std::string_view stream) const;

  enum class StreamOrder { kName, kLastEventTime };
  // A stream's place in a listing: its name, and for kLastEventTime its last
  // event time (0 when it has none).
  struct StreamCursor {
    int64_t last_event_ms = 0;
    std::string name;
  };
  struct StreamQuery {
    std::string prefix;  // kName only
    StreamOrder order = StreamOrder::kName;
    bool descending = false;
    std::optional<StreamCursor> after;  // strictly after this in the listing order
    size_t limit = 50;
  };
  // nullopt when the group does not exist.
  std::optional<std::vector<LogStream>> list_streams(std::string_view group,
                                                     const StreamQuery& query) const;

  // --- Events ---------------------------------------------------------------
  // Stores already validated events in an existing stream, stamped with
  // `ingestion_ms`; `done` gets the stream's new upload sequence.
  // Errors: ResourceNotFoundException (group or stream).
  using PutDone = std::function<void(std::exception_ptr, int64_t upload_sequence)>;
  void put_events(std::string group, std::string stream, std::vector<Event> events,
                  int64_t ingestion_ms, PutDone done);

  struct StreamRead {
    std::optional<int64_t> start_ms;  // inclusive
    std::optional<int64_t> end_ms;    // inclusive
    // kForward: the first events after `from` (or from the start);
    // kBackward: the last events before `from` (or up to the end).
    enum class Direction { kForward, kBackward } direction = Direction::kForward;
    std::optional<EventPosition> from;  // exclusive
    size_t limit = 10000;
    // Stop before a page's messages (plus 26 bytes each) pass this.
    size_t max_bytes = 1048576;
  };
  // Events in read order; nullopt when the group or the stream does not exist.
  std::optional<std::vector<StoredEvent>> read_stream(std::string_view group,
                                                      std::string_view stream,
                                                      const StreamRead& read) const;

  struct GroupRead {
    std::vector<std::string> streams;    // only these streams, when not empty
    std::string stream_prefix;           // only streams starting with this
    std::optional<int64_t> start_ms;     // inclusive
    std::optional<int64_t> end_ms;       // inclusive
    std::optional<EventPosition> after;  // exclusive
    // Which messages to return; null returns every one.
    std::function<bool(std::string_view)> match;
    size_t limit = 10000;
    size_t max_bytes = 1048576;
    // Events examined at most before the page ends (matching or not).
    size_t max_scanned = 100000;
  };
  struct GroupPage {
    std::vector<StoredEvent> events;
    // Where to go on from when the page ended before the group's end.
    std::optional<EventPosition> resume_after;
  };
  // The group's events in read order; nullopt when the group does not exist.
  std::optional<GroupPage> read_group(std::string_view group, const GroupRead& read) const;

 private:
  struct Pending {
    std::string group;
    std::string stream;
    std::vector<Event> events;
    int64_t ingestion_ms;
  };
  void write_pending(sqlite::Connection& conn, std::vector<Pending>& batch);
  void job_finished(uint64_t taken, bool ran, std::exception_ptr error);
  void flusher_loop();
  void submit_pending();

  sqlite::Store& store_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Pending> pending_;
  bool scheduled_ = false;  // a writer job is queued and has not taken pending_ yet
  uint64_t appended_ = 0;   // append() calls so far
  uint64_t settled_ = 0;    // of those, how many are committed or failed
  int jobs_in_flight_ = 0;
  // The flusher hands pending_ to the writer kAppendDelay after the first
  // append that found no job scheduled, or at once when flush() asks.
  std::condition_variable flusher_cv_;
  std::chrono::steady_clock::time_point due_ =
      std::chrono::steady_clock::time_point::max();  // when the batch goes; max: none waits
  bool hurry_ = false;
  bool stopping_ = false;
  bool closed_ = false;
  std::thread flusher_;
};

}  // namespace localcloud::logs
