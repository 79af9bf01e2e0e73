#include "api/stream_operations.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "api/validation.h"
#include "errors.h"
#include "storage/streams.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;
using storage::StreamRow;

// Iterators live 15 minutes, as AWS's.
constexpr int64_t kIteratorLifetimeMs = 15 * 60 * 1000;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void reply_json(const Reply& reply, const json& body) { reply(Outcome{body.dump(), std::nullopt}); }

AwsError stream_not_found(const std::string& arn) {
  return errors::resource_not_found("Requested resource not found: Stream: " + arn + " not found");
}

AwsError invalid_stream_arn(const std::string& arn) {
  return errors::validation("Invalid StreamArn: " + arn);
}

AwsError trimmed_data(const std::string& arn) {
  return AwsError(400, "TrimmedDataAccessException",
                  "The operation attempted to read past the oldest stream record in a shard. "
                  "Stream: " + arn);
}

AwsError expired_iterator(int64_t issued_ms, int64_t now) {
  return AwsError(400, "ExpiredIteratorException",
                  "Iterator expired. The iterator was created at time " +
                      storage::stream_label(issued_ms) + " while right now it is " +
                      storage::stream_label(now) +
                      " which is further in the future than the tolerated delay of " +
                      std::to_string(kIteratorLifetimeMs) + " milliseconds.");
}

// arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL
bool looks_like_stream_arn(std::string_view arn) {
  return arn.starts_with("arn:aws:dynamodb:") && arn.find(":table/") != std::string_view::npos &&
         arn.find("/stream/") != std::string_view::npos;
}

std::string required_stream_arn(const json& input, Validator& v) {
  auto arn = v.optional_string(input, "StreamArn", "streamArn", 37, 1024);
  if (!arn) v.fail_null("streamArn");
  return arn.value_or("");
}

StreamRow require_stream(Context& ctx, const std::string& arn) {
  if (!looks_like_stream_arn(arn)) throw invalid_stream_arn(arn);
  auto stream = ctx.store.read([&](sqlite::Connection& conn) { return storage::find_stream(conn, arn); });
  if (!stream) throw stream_not_found(arn);
  return *stream;
}

// The first sequence number still readable.
int64_t starting_sequence(const StreamRow& s) {
  return std::max(s.first_seq, s.trimmed_through + 1);
}

// A shard iterator: "<stream arn>|<shard id>|<last sequence read>|<issued ms>".
struct Iterator {
  std::string arn;
  std::string shard_id;
  int64_t after = 0;
  int64_t issued_ms = 0;
};

std::string encode(const Iterator& it) {
  return it.arn + "|" + it.shard_id + "|" + std::to_string(it.after) + "|" +
         std::to_string(it.issued_ms);
}

std::optional<int64_t> parse_int(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<Iterator> decode(std::string_view text) {
  Iterator it;
  size_t issued_at = text.rfind('|');
  if (issued_at == std::string_view::npos) return std::nullopt;
  size_t after_at = text.rfind('|', issued_at - 1);
  if (after_at == std::string_view::npos || after_at == 0) return std::nullopt;
  size_t shard_at = text.rfind('|', after_at - 1);
  if (shard_at == std::string_view::npos) return std::nullopt;
  auto after = parse_int(text.substr(after_at + 1, issued_at - after_at - 1));
  auto issued = parse_int(text.substr(issued_at + 1));
  if (!after || !issued) return std::nullopt;
  it.arn = std::string(text.substr(0, shard_at));
  it.shard_id = std::string(text.substr(shard_at + 1, after_at - shard_at - 1));
  it.after = *after;
  it.issued_ms = *issued;
  if (!looks_like_stream_arn(it.arn)) return std::nullopt;
  return it;
}

}  // namespace

// ListStreams: every stream (enabled, or disabled within 24 hours) in ARN
// order, of one table when TableName is given.
void list_streams(Context& ctx, const json& input, Reply reply) {
  Validator v;
  auto table = v.optional_string(input, "TableName", "tableName", 3, 255, kTableNamePattern);
  auto limit = v.optional_int(input, "Limit", "limit", 1, 100).value_or(100);
  auto start = v.optional_string(input, "ExclusiveStartStreamArn", "exclusiveStartStreamArn", 37,
                                 1024);
  v.throw_if_failed();
  if (start && !looks_like_stream_arn(*start)) throw invalid_stream_arn(*start);
  auto streams = ctx.store.read([&](sqlite::Connection& conn) {
    return storage::list_streams(conn, table, start.value_or(""), static_cast<size_t>(limit) + 1);
  });
  if (table && streams.empty() && !start && !ctx.tables.find(*table))
    throw errors::table_not_found(*table);
  bool more = streams.size() > static_cast<size_t>(limit);
  if (more) streams.pop_back();
  json out = {{"Streams", json::array()}};
  for (const auto& s : streams)
    out["Streams"].push_back(
        {{"StreamArn", s.arn}, {"TableName", s.table_name}, {"StreamLabel", s.label}});
  if (more) out["LastEvaluatedStreamArn"] = streams.back().arn;
  reply_json(reply, out);
}

// DescribeStream: the stream and its one shard, closed (with an ending
// sequence number) once the stream is disabled.
void describe_stream(Context& ctx, const json& input, Reply reply) {
  Validator v;
  std::string arn = required_stream_arn(input, v);
  v.optional_int(input, "Limit", "limit", 1, 100);
  auto start_shard = v.optional_string(input, "ExclusiveStartShardId", "exclusiveStartShardId", 28, 65);
  v.throw_if_failed();
  StreamRow s = require_stream(ctx, arn);
  json shards = json::array();
  if (!start_shard || *start_shard < s.shard_id) {
    json range = {{"StartingSequenceNumber", storage::format_sequence_number(starting_sequence(s))}};
    if (s.disabled_ms)
      range["EndingSequenceNumber"] =
          storage::format_sequence_number(std::max(s.last_seq, starting_sequence(s)));
    shards.push_back({{"ShardId", s.shard_id}, {"SequenceNumberRange", range}});
  }
  json d = {{"StreamArn", s.arn},
            {"StreamLabel", s.label},
            {"StreamStatus", s.disabled_ms ? "DISABLED" : "ENABLED"},
            {"StreamViewType", s.view_type},
            {"CreationRequestDateTime", static_cast<double>(s.created_ms) / 1000.0},
            {"TableName", s.table_name},
            {"KeySchema", s.key_schema},
            {"Shards", shards}};
  reply_json(reply, json{{"StreamDescription", d}});
}

// GetShardIterator: where reading starts. TRIM_HORIZON is the oldest record
// kept, LATEST just after the newest, AT/AFTER_SEQUENCE_NUMBER at or after a
// record's sequence number.
void get_shard_iterator(Context& ctx, const json& input, Reply reply) {
  Validator v;
  std::string arn = required_stream_arn(input, v);
  auto shard = v.optional_string(input, "ShardId", "shardId", 28, 65);
  if (!shard) v.fail_null("shardId");
  auto type = v.optional_string(input, "ShardIteratorType", "shardIteratorType", 0, SIZE_MAX);
  if (!type) {
    v.fail_null("shardIteratorType");
  } else if (*type != "TRIM_HORIZON" && *type != "LATEST" && *type != "AT_SEQUENCE_NUMBER" &&
             *type != "AFTER_SEQUENCE_NUMBER") {
    v.fail(*type, "shardIteratorType",
           "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, "
           "AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
  }
  auto sequence = v.optional_string(input, "SequenceNumber", "sequenceNumber", 21, 40);
  v.throw_if_failed();
  bool positional = *type == "AT_SEQUENCE_NUMBER" || *type == "AFTER_SEQUENCE_NUMBER";
  if (positional && !sequence)
    throw errors::validation("Must provide a sequence number for iterator type " + *type);
  if (!positional && sequence)
    throw errors::validation("Sequence number must not be provided for iterator type " + *type);
  std::optional<int64_t> seq;
  if (sequence) {
    seq = storage::parse_sequence_number(*sequence);
    if (!seq) throw errors::validation("Invalid SequenceNumber: " + *sequence);
  }
  StreamRow s = require_stream(ctx, arn);
  if (*shard != s.shard_id)
    throw errors::resource_not_found("Requested resource not found: Shard does not exist");

  Iterator it{s.arn, s.shard_id, 0, now_ms()};
  if (*type == "TRIM_HORIZON") {
    it.after = starting_sequence(s) - 1;
  } else if (*type == "LATEST") {
    it.after = s.last_seq;
  } else {
    bool at = *type == "AT_SEQUENCE_NUMBER";
    if (at ? *seq <= s.trimmed_through : *seq < s.trimmed_through) throw trimmed_data(s.arn);
    it.after = std::max<int64_t>(0, at ? *seq - 1 : *seq);
  }
  reply_json(reply, json{{"ShardIterator", encode(it)}});
}

// GetRecords: up to Limit records after the iterator's position, and the
// iterator to continue from; none once a closed shard is read to its end.
void get_records(Context& ctx, const json& input, Reply reply) {
  Validator v;
  auto text = v.optional_string(input, "ShardIterator", "shardIterator", 1, 2048);
  if (!text) v.fail_null("shardIterator");
  auto limit = v.optional_int(input, "Limit", "limit", 1, 1000).value_or(1000);
  v.throw_if_failed();
  auto it = decode(*text);
  if (!it) throw errors::validation("Invalid ShardIterator");
  int64_t now = now_ms();
  if (now - it->issued_ms > kIteratorLifetimeMs) throw expired_iterator(it->issued_ms, now);

  std::optional<StreamRow> stream;
  std::vector<storage::StreamRecord> records;
  ctx.store.read([&](sqlite::Connection& conn) {
    stream = storage::find_stream(conn, it->arn);
    if (!stream || stream->shard_id != it->shard_id) return;
    if (it->after < stream->trimmed_through) return;
    records = storage::read_stream_records(conn, stream->id, it->after,
                                           static_cast<size_t>(limit),
                                           now - storage::kStreamRetentionMs);
  });
  if (!stream) throw stream_not_found(it->arn);
  if (stream->shard_id != it->shard_id)
    throw errors::resource_not_found("Requested resource not found: Shard does not exist");
  if (it->after < stream->trimmed_through) throw trimmed_data(stream->arn);

  std::string body = "{\"Records\":[";
  for (size_t i = 0; i < records.size(); ++i) {
    if (i) body += ",";
    body += records[i].json;
  }
  body += "]";
  Iterator next = *it;
  if (!records.empty()) next.after = records.back().seq;
  next.issued_ms = now;
  bool closed_and_read = stream->disabled_ms && next.after >= stream->last_seq;
  if (!closed_and_read) body += ",\"NextShardIterator\":" + json(encode(next)).dump();
  body += "}";
  reply(Outcome{std::move(body), std::nullopt});
}

const Operation* find_stream_operation(std::string_view name) {
  static const std::unordered_map<std::string_view, Operation> kOperations = {
      {"ListStreams", &list_streams},
      {"DescribeStream", &describe_stream},
      {"GetShardIterator", &get_shard_iterator},
      {"GetRecords", &get_records},
  };
  auto it = kOperations.find(name);
  return it == kOperations.end() ? nullptr : &it->second;
}

}  // namespace localcloud::dynamodb::api
