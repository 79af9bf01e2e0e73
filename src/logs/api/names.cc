#include "api/names.h"

#include "errors.h"

namespace localcloud::logs::api {

std::string group_name(Request& r) {
  return r.required_string("logGroupName", 1, SIZE_MAX, Pattern::kGroupName);
}

std::string stream_name(Request& r) {
  return r.required_string("logStreamName", 1, SIZE_MAX, Pattern::kStreamName);
}

void check_create_lengths(const std::string& group, const std::string* stream) {
  if (group.size() > kMaxNameLength || (stream && stream->size() > kMaxNameLength))
    throw errors::invalid_parameter(
        "Invalid LogGroup or LogStream, both must have length less than or equal to 512.");
}

std::string group_name_or_identifier(Request& r) {
  auto name = r.string("logGroupName", 1, kMaxNameLength, Pattern::kGroupName);
  auto identifier = r.string("logGroupIdentifier", 1, 2048, Pattern::kGroupIdentifier);
  r.throw_if_failed();
  if (name && identifier)
    throw AwsError(400, "ValidationException",
                   "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  if (name) return *name;
  if (!identifier)
    throw errors::invalid_parameter("Either logGroupName or logGroupIdentifier must be specified.");
  // arn:aws:logs:<region>:<account>:log-group:<name> (the form without
  // ":*", which the identifier's pattern does not allow)
  std::string_view id = *identifier;
  constexpr std::string_view kMarker = ":log-group:";
  if (!id.starts_with("arn:")) return *identifier;
  auto at = id.find(kMarker);
  if (at == std::string_view::npos)
    throw errors::invalid_parameter("Invalid log group identifier.");
  id.remove_prefix(at + kMarker.size());
  return std::string(id);
}

}  // namespace localcloud::logs::api
