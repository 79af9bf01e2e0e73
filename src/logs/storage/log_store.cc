#include "localcloud/logs/log_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "errors.h"
#include "model/clock.h"
#include "storage/schema.h"

namespace localcloud::logs {
namespace {

// What AWS counts per event on top of its message when sizing a batch or a page.
constexpr size_t kEventOverhead = 26;
constexpr int64_t kMinTime = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxTime = std::numeric_limits<int64_t>::max();

std::optional<int64_t> group_id_of(sqlite::Connection& conn, std::string_view name) {
  auto q = conn.cached("SELECT id FROM logs_groups WHERE name = ?");
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return q.column_int(0);
}

std::optional<int64_t> stream_id_of(sqlite::Connection& conn, int64_t group_id,
                                    std::string_view name) {
  auto q = conn.cached("SELECT id FROM logs_streams WHERE group_id = ? AND name = ?");
  q.bind(1, group_id).bind(2, name);
  if (!q.step()) return std::nullopt;
  return q.column_int(0);
}

int64_t insert_group(sqlite::Connection& conn, std::string_view name, int64_t now,
                     std::string_view log_group_class) {
  auto ins = conn.cached("INSERT INTO logs_groups(name, creation_time, class) VALUES(?, ?, ?)");
  ins.bind(1, name).bind(2, now).bind(3, log_group_class).run();
  return conn.last_insert_rowid();
}

int64_t insert_stream(sqlite::Connection& conn, int64_t group_id, std::string_view name,
                      int64_t now) {
  auto ins = conn.cached("INSERT INTO logs_streams(group_id, name, creation_time) VALUES(?, ?, ?)");
  ins.bind(1, group_id).bind(2, name).bind(3, now).run();
  return conn.last_insert_rowid();
}

// What one write adds to a stream, applied to its row (and its group's) once.
struct StreamDelta {
  int64_t group_id = 0;
  int64_t first_event = kMaxTime;
  int64_t last_event = kMinTime;
  int64_t last_ingestion = kMinTime;
  int64_t bytes = 0;
  size_t count = 0;
};

void insert_events(sqlite::Connection& conn, int64_t group_id, int64_t stream_id,
                   const std::vector<Event>& events, int64_t ingestion_ms, StreamDelta& delta) {
  auto ins = conn.cached(
      "INSERT INTO logs_events(stream_id, group_id, timestamp, ingestion_time, message) "
      "VALUES(?, ?, ?, ?, ?)");
  for (const auto& e : events) {
    ins.bind(1, stream_id).bind(2, group_id).bind(3, e.timestamp_ms).bind(4, ingestion_ms);
    ins.bind(5, e.message).run();
    ins.reset();
    delta.first_event = std::min(delta.first_event, e.timestamp_ms);
    delta.last_event = std::max(delta.last_event, e.timestamp_ms);
    delta.bytes += static_cast<int64_t>(e.message.size());
  }
  delta.group_id = group_id;
  delta.last_ingestion = std::max(delta.last_ingestion, ingestion_ms);
  delta.count += events.size();
}

// Applies `delta` to the stream and its group; returns the stream's upload sequence.
int64_t apply_delta(sqlite::Connection& conn, int64_t stream_id, const StreamDelta& delta) {
  if (delta.count == 0) {
    auto q = conn.cached("SELECT upload_sequence FROM logs_streams WHERE id = ?");
    q.bind(1, stream_id);
    return q.step() ? q.column_int(0) : 0;
  }
  auto up = conn.cached(
      "UPDATE logs_streams SET first_event = min(coalesce(first_event, ?1), ?1),"
      " last_event = max(coalesce(last_event, ?2), ?2),"
      " last_ingestion = max(coalesce(last_ingestion, ?3), ?3),"
      " stored_bytes = stored_bytes + ?4, upload_sequence = upload_sequence + 1"
      " WHERE id = ?5 RETURNING upload_sequence");
  up.bind(1, delta.first_event).bind(2, delta.last_event).bind(3, delta.last_ingestion);
  up.bind(4, delta.bytes).bind(5, stream_id);
  int64_t sequence = up.step() ? up.column_int(0) : 0;
  up.reset();
  auto bytes = conn.cached("UPDATE logs_groups SET stored_bytes = stored_bytes + ? WHERE id = ?");
  bytes.bind(1, delta.bytes).bind(2, delta.group_id).run();
  return sequence;
}

LogGroup group_from_row(sqlite::Statement& q) {
  LogGroup g;
  g.name = q.column_text(0);
  g.creation_time_ms = q.column_int(1);
  if (!q.column_is_null(2)) g.retention_days = static_cast<int>(q.column_int(2));
  g.log_group_class = q.column_text(3);
  g.stored_bytes = q.column_int(4);
  return g;
}

constexpr const char* kGroupColumns = "name, creation_time, retention_days, class, stored_bytes";

LogStream stream_from_row(sqlite::Statement& q) {
  LogStream s;
  s.name = q.column_text(0);
  s.creation_time_ms = q.column_int(1);
  if (!q.column_is_null(2)) s.first_event_ms = q.column_int(2);
  if (!q.column_is_null(3)) s.last_event_ms = q.column_int(3);
  if (!q.column_is_null(4)) s.last_ingestion_ms = q.column_int(4);
  s.upload_sequence = q.column_int(5);
  return s;
}

constexpr const char* kStreamColumns =
    "name, creation_time, first_event, last_event, last_ingestion, upload_sequence";

std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

}  // namespace

LogStore::LogStore(sqlite::Store& store) : store_(store) {
  store_.migrate(storage::kComponent, storage::migrations());
}

LogStore::~LogStore() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return jobs_in_flight_ == 0; });
}

// --- append ------------------------------------------------------------------

void LogStore::append(std::string group, std::string stream, std::vector<Event> events) {
  int64_t now = model::now_ms();
  for (auto& e : events) e.timestamp_ms = std::max<int64_t>(e.timestamp_ms, 0);
  {
    std::lock_guard lock(mu_);
    pending_.push_back(Pending{std::move(group), std::move(stream), std::move(events), now});
    ++appended_;
    // The job already queued takes this append along; schedule one only when
    // nothing is queued.
    if (scheduled_) return;
    scheduled_ = true;
    ++jobs_in_flight_;
  }
  struct JobState {
    bool ran = false;
    uint64_t taken = 0;
  };
  auto state = std::make_shared<JobState>();
  store_.write_async(
      [this, state](sqlite::Connection& conn) {
        std::vector<Pending> batch;
        {
          std::lock_guard lock(mu_);
          batch.swap(pending_);
          state->taken = appended_;
          scheduled_ = false;
        }
        state->ran = true;
        write_pending(conn, batch);
      },
      [this, state](std::exception_ptr error) { job_finished(state->taken, state->ran, error); });
}

void LogStore::write_pending(sqlite::Connection& conn, std::vector<Pending>& batch) {
  std::unordered_map<std::string, int64_t> groups;
  std::map<std::pair<int64_t, std::string>, int64_t> streams;
  std::map<int64_t, StreamDelta> deltas;
  for (const auto& p : batch) {
    auto g = groups.find(p.group);
    if (g == groups.end()) {
      auto id = group_id_of(conn, p.group);
      g = groups
              .emplace(p.group, id ? *id : insert_group(conn, p.group, p.ingestion_ms, "STANDARD"))
              .first;
    }
    int64_t group_id = g->second;
    auto key = std::make_pair(group_id, p.stream);
    auto s = streams.find(key);
    if (s == streams.end()) {
      auto id = stream_id_of(conn, group_id, p.stream);
      s = streams.emplace(key, id ? *id : insert_stream(conn, group_id, p.stream, p.ingestion_ms))
              .first;
    }
    insert_events(conn, group_id, s->second, p.events, p.ingestion_ms, deltas[s->second]);
  }
  for (const auto& [stream_id, delta] : deltas) apply_delta(conn, stream_id, delta);
}

void LogStore::job_finished(uint64_t taken, bool ran, std::exception_ptr error) {
  if (error) spdlog::error("logs: appended events were lost: {}", describe(error));
  std::lock_guard lock(mu_);
  if (!ran) {
    // The store refused the job (it is shutting down): what it would have
    // taken is dropped, or flush() would wait forever.
    pending_.clear();
    scheduled_ = false;
    taken = appended_;
  }
  settled_ = std::max(settled_, taken);
  --jobs_in_flight_;
  cv_.notify_all();
}

void LogStore::flush() {
  std::unique_lock lock(mu_);
  uint64_t target = appended_;
  cv_.wait(lock, [&] { return settled_ >= target; });
}

// --- groups ------------------------------------------------------------------

void LogStore::create_group(std::string name, std::string log_group_class, Done done) {
  store_.write_async(
      [name = std::move(name), cls = std::move(log_group_class)](sqlite::Connection& conn) {
        if (group_id_of(conn, name)) throw errors::group_exists();
        insert_group(conn, name, model::now_ms(), cls);
      },
      std::move(done));
}

void LogStore::delete_group(std::string name, Done done) {
  store_.write_async(
      [name = std::move(name)](sqlite::Connection& conn) {
        auto id = group_id_of(conn, name);
        if (!id) throw errors::group_not_found();
        // Events first, by the group index, rather than one cascade per stream.
        conn.cached("DELETE FROM logs_events WHERE group_id = ?").bind(1, *id).run();
        conn.cached("DELETE FROM logs_groups WHERE id = ?").bind(1, *id).run();
      },
      std::move(done));
}

void LogStore::set_retention(std::string group, std::optional<int> days, Done done) {
  store_.write_async(
      [group = std::move(group), days](sqlite::Connection& conn) {
        auto id = group_id_of(conn, group);
        if (!id) throw errors::group_not_found();
        auto up = conn.cached("UPDATE logs_groups SET retention_days = ? WHERE id = ?");
        if (days) {
          up.bind(1, int64_t{*days});
        } else {
          up.bind_null(1);
        }
        up.bind(2, *id).run();
      },
      std::move(done));
}

std::optional<LogGroup> LogStore::find_group(std::string_view name) const {
  return store_.read([&](sqlite::Connection& conn) -> std::optional<LogGroup> {
    auto q =
        conn.cached(std::string("SELECT ") + kGroupColumns + " FROM logs_groups WHERE name = ?");
    q.bind(1, name);
    if (!q.step()) return std::nullopt;
    return group_from_row(q);
  });
}

std::vector<LogGroup> LogStore::list_groups(const GroupQuery& query) const {
  return store_.read([&](sqlite::Connection& conn) {
    auto q = conn.cached(std::string("SELECT ") + kGroupColumns +
                         " FROM logs_groups WHERE name > ?1 AND name >= ?2"
                         " AND substr(name, 1, length(?2)) = ?2"
                         " AND (?3 = '' OR instr(name, ?3) > 0)"
                         " AND (?5 = '' OR class = ?5)"
                         " ORDER BY name LIMIT ?4");
    q.bind(1, query.after).bind(2, query.prefix).bind(3, query.contains);
    q.bind(4, static_cast<int64_t>(query.limit)).bind(5, query.log_group_class);
    std::vector<LogGroup> out;
    while (q.step()) out.push_back(group_from_row(q));
    return out;
  });
}

// --- streams -----------------------------------------------------------------

void LogStore::create_stream(std::string group, std::string stream, Done done) {
  store_.write_async(
      [group = std::move(group), stream = std::move(stream)](sqlite::Connection& conn) {
        auto group_id = group_id_of(conn, group);
        if (!group_id) throw errors::group_not_found();
        if (stream_id_of(conn, *group_id, stream)) throw errors::stream_exists();
        insert_stream(conn, *group_id, stream, model::now_ms());
      },
      std::move(done));
}

void LogStore::delete_stream(std::string group, std::string stream, Done done) {
  store_.write_async(
      [group = std::move(group), stream = std::move(stream)](sqlite::Connection& conn) {
        auto group_id = group_id_of(conn, group);
        if (!group_id) throw errors::group_not_found();
        auto stream_id = stream_id_of(conn, *group_id, stream);
        if (!stream_id) throw errors::stream_not_found();
        auto bytes = conn.cached(
            "UPDATE logs_groups SET stored_bytes = stored_bytes -"
            " (SELECT stored_bytes FROM logs_streams WHERE id = ?) WHERE id = ?");
        bytes.bind(1, *stream_id).bind(2, *group_id).run();
        conn.cached("DELETE FROM logs_streams WHERE id = ?").bind(1, *stream_id).run();
      },
      std::move(done));
}

std::optional<LogStream> LogStore::find_stream(std::string_view group,
                                               std::string_view stream) const {
  return store_.read([&](sqlite::Connection& conn) -> std::optional<LogStream> {
    auto q = conn.cached(std::string("SELECT ") + kStreamColumns +
                         " FROM logs_streams WHERE group_id ="
                         " (SELECT id FROM logs_groups WHERE name = ?) AND name = ?");
    q.bind(1, group).bind(2, stream);
    if (!q.step()) return std::nullopt;
    return stream_from_row(q);
  });
}

std::optional<std::vector<LogStream>> LogStore::list_streams(std::string_view group,
                                                             const StreamQuery& query) const {
  bool by_time = query.order == StreamOrder::kLastEventTime;
  const char* cmp = query.descending ? "<" : ">";
  const char* dir = query.descending ? " DESC" : "";
  std::string sql = std::string("SELECT ") + kStreamColumns +
                    " FROM logs_streams WHERE group_id = ?1 AND substr(name, 1, length(?2)) = ?2";
  if (query.after) {
    sql += by_time ? std::string(" AND (coalesce(last_event, 0), name) ") + cmp + " (?3, ?4)"
                   : std::string(" AND name ") + cmp + " ?4";
  }
  sql += by_time ? std::string(" ORDER BY coalesce(last_event, 0)") + dir + ", name" + dir
                 : std::string(" ORDER BY name") + dir;
  sql += " LIMIT ?5";
  return store_.read([&](sqlite::Connection& conn) -> std::optional<std::vector<LogStream>> {
    auto group_id = group_id_of(conn, group);
    if (!group_id) return std::nullopt;
    auto q = conn.cached(sql);
    q.bind(1, *group_id).bind(2, query.prefix);
    if (query.after) q.bind(3, query.after->last_event_ms).bind(4, query.after->name);
    q.bind(5, static_cast<int64_t>(query.limit));
    std::vector<LogStream> out;
    while (q.step()) out.push_back(stream_from_row(q));
    return out;
  });
}

// --- events ------------------------------------------------------------------

void LogStore::put_events(std::string group, std::string stream, std::vector<Event> events,
                          int64_t ingestion_ms, PutDone done) {
  auto sequence = std::make_shared<int64_t>(0);
  store_.write_async(
      [group = std::move(group), stream = std::move(stream), events = std::move(events),
       ingestion_ms, sequence](sqlite::Connection& conn) {
        auto group_id = group_id_of(conn, group);
        if (!group_id) throw errors::group_not_found();
        auto stream_id = stream_id_of(conn, *group_id, stream);
        if (!stream_id) throw errors::stream_not_found();
        StreamDelta delta;
        insert_events(conn, *group_id, *stream_id, events, ingestion_ms, delta);
        *sequence = apply_delta(conn, *stream_id, delta);
      },
      [sequence, done = std::move(done)](std::exception_ptr error) { done(error, *sequence); });
}

std::optional<std::vector<StoredEvent>> LogStore::read_stream(std::string_view group,
                                                              std::string_view stream,
                                                              const StreamRead& read) const {
  bool forward = read.direction == StreamRead::Direction::kForward;
  EventPosition from = read.from.value_or(forward ? EventPosition{kMinTime, kMinTime}
                                                  : EventPosition{kMaxTime, kMaxTime});
  return store_.read([&](sqlite::Connection& conn) -> std::optional<std::vector<StoredEvent>> {
    auto group_id = group_id_of(conn, group);
    if (!group_id) return std::nullopt;
    auto stream_id = stream_id_of(conn, *group_id, stream);
    if (!stream_id) return std::nullopt;
    auto q = conn.cached(
        forward ? "SELECT id, timestamp, ingestion_time, message FROM logs_events"
                  " WHERE stream_id = ? AND timestamp >= ? AND timestamp <= ?"
                  " AND (timestamp, id) > (?, ?) ORDER BY timestamp, id LIMIT ?"
                : "SELECT id, timestamp, ingestion_time, message FROM logs_events"
                  " WHERE stream_id = ? AND timestamp >= ? AND timestamp <= ?"
                  " AND (timestamp, id) < (?, ?) ORDER BY timestamp DESC, id DESC LIMIT ?");
    q.bind(1, *stream_id).bind(2, read.start_ms.value_or(kMinTime));
    q.bind(3, read.end_ms.value_or(kMaxTime)).bind(4, from.timestamp_ms).bind(5, from.id);
    q.bind(6, static_cast<int64_t>(read.limit));
    std::vector<StoredEvent> out;
    size_t bytes = 0;
    while (q.step()) {
      auto message = q.column_text(3);
      bytes += message.size() + kEventOverhead;
      if (bytes > read.max_bytes && !out.empty()) break;
      out.push_back(StoredEvent{{q.column_int(1), q.column_int(0)},
                                q.column_int(2),
                                std::string(stream),
                                std::string(message)});
    }
    if (!forward) std::reverse(out.begin(), out.end());
    return out;
  });
}

std::optional<LogStore::GroupPage> LogStore::read_group(std::string_view group,
                                                        const GroupRead& read) const {
  // CROSS JOIN keeps the events' (group, timestamp, id) index as the outer
  // loop, so rows come in read order without sorting and stepping stops early.
  std::string sql =
      "SELECT e.id, e.timestamp, e.ingestion_time, e.message, s.name"
      " FROM logs_events e CROSS JOIN logs_streams s ON s.id = e.stream_id"
      " WHERE e.group_id = ?1 AND e.timestamp >= ?2 AND e.timestamp <= ?3"
      " AND (e.timestamp, e.id) > (?4, ?5)";
  if (!read.streams.empty()) sql += " AND s.name IN (SELECT value FROM json_each(?6))";
  if (!read.stream_prefix.empty()) sql += " AND substr(s.name, 1, length(?7)) = ?7";
  sql += " ORDER BY e.timestamp, e.id";
  EventPosition after = read.after.value_or(EventPosition{kMinTime, kMinTime});
  return store_.read([&](sqlite::Connection& conn) -> std::optional<GroupPage> {
    auto group_id = group_id_of(conn, group);
    if (!group_id) return std::nullopt;
    auto q = conn.cached(sql);
    q.bind(1, *group_id).bind(2, read.start_ms.value_or(kMinTime));
    q.bind(3, read.end_ms.value_or(kMaxTime)).bind(4, after.timestamp_ms).bind(5, after.id);
    if (!read.streams.empty()) q.bind(6, nlohmann::json(read.streams).dump());
    if (!read.stream_prefix.empty()) q.bind(7, read.stream_prefix);
    GroupPage page;
    size_t bytes = 0;
    size_t scanned = 0;
    std::optional<EventPosition> last;  // the last row examined
    while (q.step()) {
      EventPosition at{q.column_int(1), q.column_int(0)};
      bool full = page.events.size() >= read.limit || scanned >= read.max_scanned;
      auto message = q.column_text(3);
      bool wanted = !full && (!read.match || read.match(message));
      if (wanted && !page.events.empty() &&
          bytes + message.size() + kEventOverhead > read.max_bytes)
        full = true;
      if (full) {
        // A row remains: the next page starts after the last one examined.
        page.resume_after = last;
        break;
      }
      ++scanned;
      last = at;
      if (!wanted) continue;
      bytes += message.size() + kEventOverhead;
      page.events.push_back(
          StoredEvent{at, q.column_int(2), std::string(q.column_text(4)), std::string(message)});
    }
    return page;
  });
}

}  // namespace localcloud::logs
