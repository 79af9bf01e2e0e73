// PutLogEvents, GetLogEvents and FilterLogEvents.
#include <nlohmann/json.hpp>

#include "api/names.h"
#include "api/operations.h"
#include "errors.h"
#include "model/batch.h"
#include "model/clock.h"
#include "model/filter_pattern.h"
#include "model/tokens.h"

namespace localcloud::logs::api {
namespace {

using nlohmann::json;

constexpr int64_t kMaxEvents = 10000;
constexpr const char* kInvalidToken = "The specified nextToken is invalid.";

std::vector<Event> read_events(Request& r) {
  std::vector<Event> events;
  const json* list = r.list("logEvents");
  if (!list) {
    r.fail_null("logEvents");
    return events;
  }
  if (list->empty())
    r.fail("[]", "logEvents", "Member must have length greater than or equal to 1");
  if (list->size() > static_cast<size_t>(kMaxEvents))
    r.fail("[...]", "logEvents",
           "Member must have length less than or equal to " + std::to_string(kMaxEvents));
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    if (!item.is_object()) throw_wrong_type();
    Request fields(item, "logEvents." + std::to_string(i + 1) + ".member.");
    auto timestamp = fields.integer("timestamp", 0, INT64_MAX);
    if (!timestamp) fields.fail_null("logEvents." + std::to_string(i + 1) + ".member.timestamp");
    std::string message = fields.required_string("message", 1, SIZE_MAX);
    r.absorb(fields);
    events.push_back(Event{timestamp.value_or(0), std::move(message)});
  }
  return events;
}

json rejected_info(const model::BatchVerdict& v) {
  json info = json::object();
  if (v.too_new_start) info["tooNewLogEventStartIndex"] = *v.too_new_start;
  if (v.too_old_end) info["tooOldLogEventEndIndex"] = *v.too_old_end;
  if (v.expired_end) info["expiredLogEventEndIndex"] = *v.expired_end;
  return info;
}

// The not-found error for a read that found no group or no stream.
AwsError missing(Context& ctx, const std::string& group) {
  return ctx.store.find_group(group) ? errors::stream_not_found() : errors::group_not_found();
}

}  // namespace

// PutLogEvents: a batch AWS refuses whole changes nothing; otherwise events
// too old, too new or past the retention are left out and reported by index,
// and the rest are stored before the reply. Sequence tokens are ignored, as
// AWS has ignored them since 2023.
void put_log_events(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  std::string group = group_name(r);
  std::string stream = stream_name(r);
  r.string("sequenceToken", 1, SIZE_MAX);
  std::vector<Event> events = read_events(r);
  r.throw_if_failed();

  int64_t now = model::now_ms();
  auto found = ctx.store.find_group(group);
  auto verdict = model::judge_batch(events, now, found ? found->retention_days : std::nullopt);
  if (!found) throw errors::group_not_found();
  std::vector<Event> kept(std::make_move_iterator(events.begin() + verdict.begin),
                          std::make_move_iterator(events.begin() + verdict.end));
  ctx.store.put_events(
      std::move(group), std::move(stream), std::move(kept), now,
      [reply = std::move(reply), verdict](std::exception_ptr error, int64_t sequence) {
        if (error) return reply(outcome_of(error));
        json out = {{"nextSequenceToken", model::sequence_token(sequence)}};
        if (verdict.rejected_any()) out["rejectedLogEventsInfo"] = rejected_info(verdict);
        reply(Outcome{to_body(out), std::nullopt});
      });
}

// GetLogEvents: one stream, oldest first within a page. Without a token the
// page is the newest events (or the oldest, with startFromHead); a token
// moves forward ("f/...") or backward ("b/...") from where the last page
// ended, and at either end comes back unchanged. endTime is exclusive.
void get_log_events(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  std::string stream = stream_name(r);
  auto start = r.integer("startTime", 0, INT64_MAX);
  auto end = r.integer("endTime", 0, INT64_MAX);
  auto token = r.string("nextToken", 1, SIZE_MAX);
  auto limit = r.integer("limit", 1, kMaxEvents);
  auto from_head = r.boolean("startFromHead");
  r.boolean("unmask");
  std::string group = group_name_or_identifier(r);
  r.throw_if_failed();

  LogStore::StreamRead read;
  read.start_ms = start;
  if (end) read.end_ms = *end - 1;
  read.limit = static_cast<size_t>(limit.value_or(kMaxEvents));
  std::optional<model::StreamToken> from;
  if (token) {
    from = model::parse_stream_token(*token);
    if (!from) throw errors::invalid_parameter(kInvalidToken);
    read.from = from->position;
  }
  bool forward = from ? from->forward : from_head.value_or(false);
  read.direction = forward ? LogStore::StreamRead::Direction::kForward
                           : LogStore::StreamRead::Direction::kBackward;
  auto events = ctx.store.read_stream(group, stream, read);
  if (!events) throw missing(ctx, group);

  json out = {{"events", json::array()}};
  for (const auto& e : *events)
    out["events"].push_back({{"timestamp", e.position.timestamp_ms},
                             {"message", e.message},
                             {"ingestionTime", e.ingestion_ms}});
  EventPosition first = from ? from->position : EventPosition{};
  EventPosition last = first;
  if (!events->empty()) {
    first = events->front().position;
    last = events->back().position;
  }
  out["nextForwardToken"] = model::stream_token({true, last});
  out["nextBackwardToken"] = model::stream_token({false, first});
  reply(Outcome{to_body(out), std::nullopt});
}

// FilterLogEvents: the group's streams interleaved by time, filtered by
// pattern. A page ends at the limit, at 1 MB, or after a bounded scan; a
// nextToken then resumes it. searchedLogStreams is empty, as AWS has
// returned it since 2020. endTime is inclusive.
void filter_log_events(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  auto names = r.strings("logStreamNames", 1, 100, 1, kMaxNameLength, Pattern::kStreamName);
  auto prefix = r.string("logStreamNamePrefix", 1, kMaxNameLength, Pattern::kStreamName);
  auto start = r.integer("startTime", 0, INT64_MAX);
  auto end = r.integer("endTime", 0, INT64_MAX);
  auto pattern = r.string("filterPattern", 0, 1024);
  auto token = r.string("nextToken", 1, SIZE_MAX);
  auto limit = r.integer("limit", 1, kMaxEvents);
  r.boolean("interleaved");
  r.boolean("unmask");
  std::string group = group_name_or_identifier(r);
  r.throw_if_failed();
  if (names && prefix)
    throw errors::invalid_parameter(
        "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");

  auto filter = model::FilterPattern::parse(pattern.value_or(""));
  LogStore::GroupRead read;
  read.streams = names.value_or(std::vector<std::string>{});
  read.stream_prefix = prefix.value_or("");
  read.start_ms = start;
  read.end_ms = end;
  read.limit = static_cast<size_t>(limit.value_or(kMaxEvents));
  if (token) {
    read.after = model::parse_position_token(*token);
    if (!read.after) throw errors::invalid_parameter(kInvalidToken);
  }
  if (!filter.matches_everything())
    read.match = [filter](std::string_view message) { return filter.matches(message); };
  auto page = ctx.store.read_group(group, read);
  if (!page) throw errors::group_not_found();

  json out = {{"events", json::array()}, {"searchedLogStreams", json::array()}};
  for (const auto& e : page->events)
    out["events"].push_back({{"logStreamName", e.stream},
                             {"timestamp", e.position.timestamp_ms},
                             {"message", e.message},
                             {"ingestionTime", e.ingestion_ms},
                             {"eventId", model::event_id(e.position)}});
  if (page->resume_after) out["nextToken"] = model::position_token(*page->resume_after);
  reply(Outcome{to_body(out), std::nullopt});
}

}  // namespace localcloud::logs::api
