// LogStore's reads. Each runs on a reader connection borrowed from the
// store for the call; none waits for the writer.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "localcloud/logs/log_store.h"
#include "storage/rows.h"

namespace localcloud::logs {

using namespace storage;

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
  // CROSS JOIN keeps the events' (group, timestamp, id) order as the outer
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
