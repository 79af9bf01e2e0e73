// CreateLogGroup, DeleteLogGroup, DescribeLogGroups and the retention policy.
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

// The retention periods AWS accepts, in days.
const std::vector<std::string_view>& retention_values() {
  static const std::vector<std::string_view> kValues = {
      "1",   "3",   "5",   "7",   "14",   "30",   "60",   "90",   "120",  "150",  "180",
      "365", "400", "545", "731", "1096", "1827", "2192", "2557", "2922", "3288", "3653"};
  return kValues;
}

const std::vector<std::string_view> kGroupClasses = {"STANDARD", "INFREQUENT_ACCESS", "DELIVERY"};

}  // namespace

void create_log_group(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  std::string name = group_name(r);
  r.string("kmsKeyId", 0, 256);
  auto log_group_class = r.string("logGroupClass", 0, SIZE_MAX);
  r.check_enum(log_group_class, "logGroupClass", kGroupClasses);
  r.throw_if_failed();
  check_create_lengths(name, nullptr);
  ctx.store.create_group(std::move(name), log_group_class.value_or("STANDARD"),
                         reply_empty(std::move(reply)));
}

void delete_log_group(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  std::string name = group_name(r);
  r.throw_if_failed();
  ctx.store.delete_group(std::move(name), reply_empty(std::move(reply)));
}

void describe_log_groups(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  auto prefix = r.string("logGroupNamePrefix", 1, kMaxNameLength, Pattern::kGroupName);
  auto pattern = r.string("logGroupNamePattern", 0, kMaxNameLength, Pattern::kGroupNameSearch);
  auto token = r.string("nextToken", 1, SIZE_MAX);
  auto limit = r.integer("limit", 1, kMaxDescribe);
  auto log_group_class = r.string("logGroupClass", 0, SIZE_MAX);
  r.check_enum(log_group_class, "logGroupClass", kGroupClasses);
  r.throw_if_failed();
  if (prefix && pattern)
    throw errors::invalid_parameter(
        "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");

  LogStore::GroupQuery query;
  query.prefix = prefix.value_or("");
  query.contains = pattern.value_or("");
  query.log_group_class = log_group_class.value_or("");
  if (token) {
    auto after = model::parse_cursor_token(*token);
    if (!after) throw errors::invalid_parameter("The specified nextToken is invalid.");
    query.after = *after;
  }
  size_t page = limit ? static_cast<size_t>(*limit) : kMaxDescribe;
  query.limit = page + 1;  // one more says whether a next page exists
  auto groups = ctx.store.list_groups(query);

  json out = {{"logGroups", json::array()}};
  for (size_t i = 0; i < groups.size() && i < page; ++i)
    out["logGroups"].push_back(render_group(ctx.options, groups[i], pattern.has_value()));
  if (groups.size() > page) out["nextToken"] = model::cursor_token(groups[page - 1].name);
  reply(Outcome{to_body(out), std::nullopt});
}

void put_retention_policy(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  std::string name = group_name(r);
  auto days = r.integer("retentionInDays", INT64_MIN, INT64_MAX);
  if (!days) {
    r.fail_null("retentionInDays");
  } else {
    r.check_enum(std::to_string(*days), "retentionInDays", retention_values());
  }
  r.throw_if_failed();
  ctx.store.set_retention(std::move(name), static_cast<int>(*days), reply_empty(std::move(reply)));
}

void delete_retention_policy(Context& ctx, const json& input, Reply reply) {
  Request r(input);
  std::string name = group_name(r);
  r.throw_if_failed();
  ctx.store.set_retention(std::move(name), std::nullopt, reply_empty(std::move(reply)));
}

}  // namespace localcloud::logs::api
