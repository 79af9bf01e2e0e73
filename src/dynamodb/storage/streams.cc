#include "storage/streams.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "localcloud/core/ids.h"
#include "model/attribute_value.h"
#include "model/item_size.h"
#include "storage/items.h"
#include "storage/tables.h"
#include "storage/writes.h"

namespace localcloud::dynamodb::storage {
namespace {

// Set by a write job that appended a record, cleared by the commit listener
// (StreamSignal::after_commit). Process-wide: with several stores in one
// process a commit may wake another store's readers for nothing, never miss.
std::atomic<bool> records_appended{false};

int64_t now_epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The region an ARN names (its fourth field).
std::string region_of(std::string_view arn) {
  size_t start = 0;
  for (int field = 0; field < 3; ++field) {
    start = arn.find(':', start);
    if (start == std::string_view::npos) return "";
    ++start;
  }
  size_t end = arn.find(':', start);
  return std::string(arn.substr(start, end - start));
}

StreamRow stream_from_row(sqlite::Statement& q) {
  StreamRow s;
  s.id = q.column_int(0);
  s.arn = std::string(q.column_text(1));
  s.label = std::string(q.column_text(2));
  s.table_name = std::string(q.column_text(3));
  s.view_type = std::string(q.column_text(4));
  s.shard_id = std::string(q.column_text(5));
  s.key_schema = nlohmann::json::parse(q.column_text(6));
  s.created_ms = q.column_int(7);
  if (!q.column_is_null(8)) s.disabled_ms = q.column_int(8);
  s.first_seq = q.column_int(9);
  s.last_seq = q.column_int(10);
  s.trimmed_through = q.column_int(11);
  return s;
}

constexpr const char* kStreamColumns =
    "SELECT id, arn, label, table_name, view_type, shard_id, key_schema, created_ms, "
    "disabled_ms, first_seq, last_seq, trimmed_through FROM dynamodb_streams ";

// "shardId-" + 20 digits of creation time + "-" + 8 hex digits, as AWS's.
std::string make_shard_id(int64_t created_ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "shardId-%020lld-%s", static_cast<long long>(created_ms),
                ids::uuid4().substr(0, 8).c_str());
  return buf;
}

bool arn_taken(sqlite::Connection& conn, const std::string& arn) {
  auto q = conn.cached("SELECT 1 FROM dynamodb_streams WHERE arn = ?");
  q.bind(1, arn);
  return q.step();
}

void disable_stream(sqlite::Connection& conn, const std::string& arn, int64_t now_ms) {
  auto up = conn.cached(
      "UPDATE dynamodb_streams SET disabled_ms = ? WHERE arn = ? AND disabled_ms IS NULL");
  up.bind(1, now_ms).bind(2, arn).run();
}

// Label parsing for the uniqueness bump: "YYYY-MM-DDTHH:MM:SS.mmm" → epoch ms.
std::optional<int64_t> label_epoch_ms(const std::string& label) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(label.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &tm.tm_year, &tm.tm_mon,
                  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

void create_stream(sqlite::Connection& conn, TableInfo& table, int64_t now_ms) {
  auto& d = table.description;
  std::string label = d.value("LatestStreamLabel", stream_label(now_ms));
  std::string arn = table.arn + "/stream/" + label;
  // Two streams of a table made in the same millisecond (disable and
  // enable at once, or a table recreated) must not share an ARN.
  int64_t label_ms = label_epoch_ms(label).value_or(now_ms);
  while (arn_taken(conn, arn)) {
    label = stream_label(++label_ms);
    arn = table.arn + "/stream/" + label;
  }
  d["LatestStreamLabel"] = label;
  d["LatestStreamArn"] = arn;
  table.stream->arn = arn;
  auto ins = conn.cached(
      "INSERT INTO dynamodb_streams(arn, label, table_name, view_type, shard_id, key_schema, "
      "created_ms, first_seq, last_seq, trimmed_through) VALUES(?, ?, ?, ?, ?, ?, ?, 1, 0, 0)");
  ins.bind(1, arn).bind(2, label).bind(3, table.name).bind(4, table.stream->view_type);
  ins.bind(5, make_shard_id(now_ms)).bind(6, d["KeySchema"].dump()).bind(7, now_ms).run();
}

// The key attributes of `item`.
model::Item keys_of(const TableInfo& table, const model::Item& item) {
  model::Item keys;
  keys.emplace(table.hash.name, item.at(table.hash.name));
  if (table.range) keys.emplace(table.range->name, item.at(table.range->name));
  return keys;
}

}  // namespace

std::string format_sequence_number(int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "1%020lld", static_cast<long long>(seq));
  return buf;
}

std::optional<int64_t> parse_sequence_number(std::string_view text) {
  if (text.size() != 21 || text[0] != '1') return std::nullopt;
  int64_t value = 0;
  for (char c : text.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (INT64_MAX - 9) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string stream_label(int64_t epoch_ms) {
  std::time_t secs = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return buf;
}

void sync_table_stream(sqlite::Connection& conn, const TableInfo* before, TableInfo* after,
                       int64_t now_ms) {
  const StreamSettings* old_stream = before && before->stream ? &*before->stream : nullptr;
  const StreamSettings* new_stream = after && after->stream ? &*after->stream : nullptr;
  bool same = old_stream && new_stream && old_stream->arn == new_stream->arn;
  if (old_stream && !same) disable_stream(conn, old_stream->arn, now_ms);
  if (new_stream && !same) create_stream(conn, *after, now_ms);
}

void record_stream_change(sqlite::Connection& conn, const TableInfo& table, const NewItem* next,
                          const StoredItem* previous, bool by_service) {
  if (!table.stream) return;
  if (!next && !previous) return;
  if (next && previous && next->json == previous->json) return;  // nothing changed

  const auto& view = table.stream->view_type;
  bool with_new = next && (view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES");
  bool with_old = previous && (view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES");
  // The new version is parsed already; only a deletion parses the old one.
  model::Item keys =
      next ? keys_of(table, next->item)
           : keys_of(table, model::item_from_json(nlohmann::json::parse(previous->json)));
  int64_t size = static_cast<int64_t>(model::item_size(keys));
  if (with_new) size += next->size;
  if (with_old) size += previous->size;

  // Read, then bump by rowid: the writer is the only writer, and RETURNING
  // would collect the row in a temporary table on every write.
  int64_t stream_id = 0, seq = 0;
  {
    auto q = conn.cached(
        "SELECT id, last_seq FROM dynamodb_streams WHERE arn = ? AND disabled_ms IS NULL");
    q.bind(1, table.stream->arn);
    if (!q.step()) return;  // the stream is gone: nothing follows this table any more
    stream_id = q.column_int(0);
    seq = q.column_int(1) + 1;
  }
  conn.cached("UPDATE dynamodb_streams SET last_seq = ? WHERE id = ?")
      .bind(1, seq)
      .bind(2, stream_id)
      .run();

  int64_t now_ms = now_epoch_ms();
  const char* event = !previous ? "INSERT" : !next ? "REMOVE" : "MODIFY";
  std::string id = ids::uuid4();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  // Built as text: the images are already canonical wire JSON.
  std::string record =
      "{\"eventID\":\"" + id + "\",\"eventName\":\"" + event +
      "\",\"eventVersion\":\"1.1\",\"eventSource\":\"aws:dynamodb\","
      "\"awsRegion\":" +
      nlohmann::json(region_of(table.arn)).dump() +
      ",\"dynamodb\":{\"ApproximateCreationDateTime\":" + std::to_string(now_ms / 1000) +
      ",\"Keys\":" + model::item_to_wire(keys);
  if (with_new) record += ",\"NewImage\":" + std::string(next->json);
  if (with_old) record += ",\"OldImage\":" + previous->json;
  record += ",\"SequenceNumber\":\"" + format_sequence_number(seq) +
            "\",\"SizeBytes\":" + std::to_string(size) + ",\"StreamViewType\":\"" + view + "\"}";
  if (by_service)  // GetRecords spells these members so; Lambda's events in lower case
    record += ",\"userIdentity\":{\"PrincipalId\":\"dynamodb.amazonaws.com\",\"Type\":\"Service\"}";
  record += "}";

  auto ins = conn.cached(
      "INSERT INTO dynamodb_stream_records(stream_id, seq, created_ms, record) VALUES(?, ?, ?, ?)");
  ins.bind(1, stream_id).bind(2, seq).bind(3, now_ms).bind(4, record).run();
  records_appended.store(true, std::memory_order_release);
}

std::optional<StreamRow> find_stream(sqlite::Connection& conn, std::string_view arn) {
  auto q = conn.cached(std::string(kStreamColumns) + "WHERE arn = ?");
  q.bind(1, arn);
  if (!q.step()) return std::nullopt;
  return stream_from_row(q);
}

std::vector<StreamRow> list_streams(sqlite::Connection& conn,
                                    const std::optional<std::string>& table_name,
                                    std::string_view after, size_t limit) {
  std::string sql = std::string(kStreamColumns) + "WHERE arn > ?1";
  if (table_name) sql += " AND table_name = ?2";
  sql += " ORDER BY arn LIMIT ?3";
  auto q = conn.cached(sql);
  q.bind(1, after);
  if (table_name) q.bind(2, *table_name);
  q.bind(3, static_cast<int64_t>(limit));
  std::vector<StreamRow> out;
  while (q.step()) out.push_back(stream_from_row(q));
  return out;
}

std::vector<StreamRecord> read_stream_records(sqlite::Connection& conn, int64_t stream_id,
                                              int64_t after, size_t limit, int64_t not_before_ms) {
  auto q = conn.cached(
      "SELECT seq, record FROM dynamodb_stream_records "
      "WHERE stream_id = ? AND seq > ? AND created_ms >= ? ORDER BY seq LIMIT ?");
  q.bind(1, stream_id).bind(2, after).bind(3, not_before_ms).bind(4, static_cast<int64_t>(limit));
  std::vector<StreamRecord> out;
  while (q.step()) out.push_back(StreamRecord{q.column_int(0), std::string(q.column_text(1))});
  return out;
}

void trim_streams(sqlite::Connection& conn, int64_t now_ms) {
  int64_t horizon = now_ms - kStreamRetentionMs;
  // A stream's records are created in sequence order, so the expired ones
  // are a prefix of it: walk from the oldest until one is young enough
  // (no index on created_ms, which every write would have to maintain).
  std::vector<std::pair<int64_t, int64_t>> expired;  // stream id, last expired seq
  {
    auto streams = conn.cached("SELECT id, trimmed_through FROM dynamodb_streams");
    while (streams.step()) {
      int64_t id = streams.column_int(0);
      auto walk = conn.cached(
          "SELECT seq, created_ms FROM dynamodb_stream_records WHERE stream_id = ? AND seq > ? "
          "ORDER BY seq");
      walk.bind(1, id).bind(2, streams.column_int(1));
      int64_t last = -1;
      while (walk.step() && walk.column_int(1) < horizon) last = walk.column_int(0);
      if (last >= 0) expired.emplace_back(id, last);
    }
  }
  for (auto [id, last] : expired) {
    auto mark = conn.cached("UPDATE dynamodb_streams SET trimmed_through = ? WHERE id = ?");
    mark.bind(1, last).bind(2, id).run();
    auto del = conn.cached("DELETE FROM dynamodb_stream_records WHERE stream_id = ? AND seq <= ?");
    del.bind(1, id).bind(2, last).run();
  }
  auto gone = conn.cached("DELETE FROM dynamodb_streams WHERE disabled_ms < ?");
  gone.bind(1, horizon).run();
}

uint64_t StreamSignal::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

uint64_t StreamSignal::wait(uint64_t seen, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  cv_.wait_until(lock, deadline, [&] { return generation_ != seen; });
  return generation_;
}

void StreamSignal::after_commit() {
  if (!records_appended.exchange(false, std::memory_order_acq_rel)) return;
  {
    std::lock_guard lock(mu_);
    ++generation_;
  }
  cv_.notify_all();
}

}  // namespace localcloud::dynamodb::storage
