#include "api/render.h"

#include "localcloud/core/ids.h"
#include "model/tokens.h"

namespace localcloud::logs::api {

std::string group_arn(const ServiceOptions& options, const std::string& group) {
  return ids::arn("logs", options.region, options.account_id, "log-group:" + group);
}

nlohmann::json render_group(const ServiceOptions& options, const LogGroup& group, bool brief) {
  std::string arn = group_arn(options, group.name);
  nlohmann::json out = {{"logGroupName", group.name}, {"creationTime", group.creation_time_ms}};
  if (group.retention_days && !brief) out["retentionInDays"] = *group.retention_days;
  out["metricFilterCount"] = 0;
  // The ARN with ":*" is the one IAM policies use for most actions.
  out["arn"] = arn + ":*";
  if (!brief) out["storedBytes"] = group.stored_bytes;
  out["logGroupClass"] = group.log_group_class;
  out["logGroupArn"] = arn;
  if (!brief) out["deletionProtectionEnabled"] = false;
  return out;
}

nlohmann::json render_stream(const ServiceOptions& options, const std::string& group,
                             const LogStream& stream) {
  nlohmann::json out = {{"logStreamName", stream.name}, {"creationTime", stream.creation_time_ms}};
  if (stream.first_event_ms) out["firstEventTimestamp"] = *stream.first_event_ms;
  if (stream.last_event_ms) out["lastEventTimestamp"] = *stream.last_event_ms;
  if (stream.last_ingestion_ms) out["lastIngestionTime"] = *stream.last_ingestion_ms;
  if (stream.upload_sequence > 0)
    out["uploadSequenceToken"] = model::sequence_token(stream.upload_sequence);
  out["arn"] = group_arn(options, group) + ":log-stream:" + stream.name;
  // AWS reports zero for streams since 2019; groups keep the real figure.
  out["storedBytes"] = 0;
  return out;
}

}  // namespace localcloud::logs::api
