// CreateLogStream, DeleteLogStream and DescribeLogStreams.
#include <nlohmann/json.hpp>

#include "api/names.h"
#include "api/operations.h"
#include "api/render.h"
#include "errors.h"
#include "model/tokens.h"

namespace localcloud::logs::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxDescribe = 50;

// A listing cursor as token text: "<last event time>:<name>" (stream names
// cannot hold ':', so the first one separates).
std::string cursor_text(const LogStore::StreamCursor& c) {
  return std::to_string(c.last_event_ms) + ":" + c.name;
}

std::optional<LogStore::StreamCursor> parse_cursor(std::string_view token) {
  auto text = model::parse_cursor_token(token);
  if (!text) return std::nullopt;
  auto colon = text->find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  LogStore::StreamCursor c;
  try {
    size_t used = 0;
    c.last_event_ms = std::stoll(text->substr(0, colon), &used);
    if (used != colon) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  c.name = text->substr(colon + 1);
  return c;
}

}  // namespace

void create_log_stream(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  std::string group = group_name(r);
  std::string stream = stream_name(r);
  r.throw_if_failed();
  check_create_lengths(group, &stream);
  ctx.store.create_stream(std::move(group), std::move(stream), reply_empty(std::move(reply)));
}

void delete_log_stream(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  std::string group = group_name(r);
  std::string stream = stream_name(r);
  r.throw_if_failed();
  ctx.store.delete_stream(std::move(group), std::move(stream), reply_empty(std::move(reply)));
}

void describe_log_streams(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  auto prefix = r.string("logStreamNamePrefix", 1, kMaxNameLength, Pattern::kStreamName);
  auto order = r.string("orderBy", 0, SIZE_MAX);
  r.check_enum(order, "orderBy", {"LogStreamName", "LastEventTime"});
  auto descending = r.boolean("descending");
  auto token = r.string("nextToken", 1, SIZE_MAX);
  auto limit = r.integer("limit", 1, kMaxDescribe);
  std::string group = group_name_or_identifier(r);
  r.throw_if_failed();

  LogStore::StreamQuery query;
  query.order = order == "LastEventTime" ? LogStore::StreamOrder::kLastEventTime
                                         : LogStore::StreamOrder::kName;
  if (prefix && query.order == LogStore::StreamOrder::kLastEventTime)
    throw errors::invalid_parameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  query.prefix = prefix.value_or("");
  query.descending = descending.value_or(false);
  if (token) {
    query.after = parse_cursor(*token);
    if (!query.after) throw errors::invalid_parameter("The specified nextToken is invalid.");
  }
  size_t page = limit ? static_cast<size_t>(*limit) : kMaxDescribe;
  query.limit = page + 1;
  auto streams = ctx.store.list_streams(group, query);
  if (!streams) throw errors::group_not_found();

  json out = {{"logStreams", json::array()}};
  for (size_t i = 0; i < streams->size() && i < page; ++i)
    out["logStreams"].push_back(render_stream(ctx.options, group, (*streams)[i]));
  if (streams->size() > page) {
    const LogStream& last = (*streams)[page - 1];
    out["nextToken"] =
        model::cursor_token(cursor_text({last.last_event_ms.value_or(0), last.name}));
  }
  reply(Outcome{to_body(out), std::nullopt});
}

}  // namespace localcloud::logs::api
