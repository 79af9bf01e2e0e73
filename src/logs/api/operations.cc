#include "api/operations.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <unordered_map>

namespace localcloud::logs::api {

const Operation* find_operation(std::string_view name) {
  static const std::unordered_map<std::string_view, Operation> kOperations = {
      {"CreateLogGroup", &create_log_group},
      {"DeleteLogGroup", &delete_log_group},
      {"DescribeLogGroups", &describe_log_groups},
      {"PutRetentionPolicy", &put_retention_policy},
      {"DeleteRetentionPolicy", &delete_retention_policy},
      {"CreateLogStream", &create_log_stream},
      {"DeleteLogStream", &delete_log_stream},
      {"DescribeLogStreams", &describe_log_streams},
      {"PutLogEvents", &put_log_events},
      {"GetLogEvents", &get_log_events},
      {"FilterLogEvents", &filter_log_events},
  };
  auto it = kOperations.find(name);
  return it == kOperations.end() ? nullptr : &it->second;
}

std::string to_body(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Outcome outcome_of(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const AwsError& e) {
    return Outcome{"", e};
  } catch (const std::exception& e) {
    spdlog::error("logs: write failed: {}", e.what());
  } catch (...) {
    spdlog::error("logs: write failed");
  }
  return Outcome{"", localcloud::errors::internal_server_error()};
}

LogStore::Done reply_empty(Reply reply) {
  return [reply = std::move(reply)](std::exception_ptr error) {
    reply(error ? outcome_of(error) : Outcome{"", std::nullopt});
  };
}

}  // namespace localcloud::logs::api
