#include "storage/rows.h"

#include <algorithm>

namespace localcloud::logs::storage {

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

EventInserter::EventInserter(sqlite::Connection& conn) : conn_(conn) {
  auto q = conn_.cached("SELECT next FROM logs_event_ids");
  if (q.step()) next_id_ = q.column_int(0);
  first_id_ = next_id_;
}

void EventInserter::add(int64_t group_id, int64_t stream_id, const std::vector<Event>& events,
                        int64_t ingestion_ms, StreamDelta& delta) {
  for (const auto& e : events) {
    rows_.push_back(Row{next_id_++, stream_id, group_id, e.timestamp_ms, ingestion_ms, &e.message});
    if (rows_.size() == kRows) insert(kRows);
    delta.first_event = std::min(delta.first_event, e.timestamp_ms);
    delta.last_event = std::max(delta.last_event, e.timestamp_ms);
    delta.bytes += static_cast<int64_t>(e.message.size());
  }
  delta.group_id = group_id;
  delta.last_ingestion = std::max(delta.last_ingestion, ingestion_ms);
  delta.count += events.size();
}

void EventInserter::finish() {
  if (!rows_.empty()) insert(rows_.size());
  if (next_id_ != first_id_)
    conn_.cached("UPDATE logs_event_ids SET next = ?").bind(1, next_id_).run();
}

void EventInserter::insert(size_t n) {
  // The statements for 1..kRows rows, made once.
  static const std::vector<std::string> kSql = [] {
    std::vector<std::string> sql(kRows + 1);
    std::string text =
        "INSERT INTO logs_events(id, stream_id, group_id, timestamp, ingestion_time, message)"
        " VALUES";
    for (size_t i = 1; i <= kRows; ++i) {
      text += i == 1 ? "(?,?,?,?,?,?)" : ",(?,?,?,?,?,?)";
      sql[i] = text;
    }
    return sql;
  }();
  auto ins = conn_.cached(kSql[n]);
  for (size_t i = 0; i < n; ++i) {
    const Row& r = rows_[i];
    int c = static_cast<int>(i) * 6;  // the row's first column, less one
    ins.bind(c + 1, r.id).bind(c + 2, r.stream_id).bind(c + 3, r.group_id);
    ins.bind(c + 4, r.timestamp_ms).bind(c + 5, r.ingestion_ms);
    ins.bind(c + 6, std::string_view(*r.message));
  }
  ins.run();
  rows_.erase(rows_.begin(), rows_.begin() + static_cast<ptrdiff_t>(n));
}

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

}  // namespace localcloud::logs::storage
