#include "api/mapping_operations.h"

#include <chrono>

#include "api/render.h"
#include "api/resolve.h"
#include "api/validation.h"
#include "errors.h"
#include "esm/filter.h"
#include "localcloud/core/ids.h"
#include "localcloud/lambda/native.h"
#include "native/caller.h"

namespace localcloud::lambda::api {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kNotFound = "The resource you requested does not exist.";

double now_seconds() {
  return static_cast<double>(now_ms()) / 1000.0;
}

// The mapping as the API shows it: internal members ("_...") dropped.
json render(const json& stored) {
  json out = json::object();
  for (const auto& [key, value] : stored.items())
    if (!key.starts_with("_")) out[key] = value;
  return out;
}

storage::MappingPtr require_mapping(const Context& ctx, const std::string& uuid) {
  auto m = ctx.mappings.find(uuid);
  if (!m) throw errors::resource_not_found(kNotFound);
  return m;
}

// The function a mapping's FunctionName names: its unqualified ARN and name.
std::pair<std::string, std::string> resolve_function(const Context& ctx, const std::string& text) {
  auto ref = model::parse_function_name(text, model::NameForm::kNamespaced);
  if (!ref) {
    Validator v;
    v.check_pattern(text, "functionName", false,
                    model::function_name_pattern(model::NameForm::kNamespaced));
    v.throw_if_failed();
  }
  if (ref->qualifier && *ref->qualifier != model::kLatest)
    throw errors::function_not_found(arn_of(ctx, ref->name, *ref->qualifier));
  require_function(ctx, ref->name);
  return {arn_of(ctx, ref->name), ref->name};
}

// FilterCriteria: every Pattern must be one Lambda accepts.
void check_filters(const json& criteria) {
  const json* filters = member(criteria, "Filters", Shape::kList);
  if (!filters) return;
  if (filters->size() > 5)
    throw errors::invalid_parameter("The number of filters exceeds the limit of 5.");
  for (const auto& f : *filters) {
    if (!f.is_object()) throw errors::invalid_parameter("Invalid filter pattern definition.");
    auto pattern = string_member(f, "Pattern");
    if (!pattern || !esm::FilterPattern::parse(*pattern))
      throw errors::invalid_parameter("Invalid filter pattern definition.");
  }
}

// The settings Create and Update share, checked and copied into `m`.
void apply_settings(const json& body, json& m, Validator& v) {
  if (auto n = int_member(body, "BatchSize")) {
    v.check_range(*n, "batchSize", 1, 10000);
    m["BatchSize"] = *n;
  }
  if (auto b = bool_member(body, "BisectBatchOnFunctionError")) m["BisectBatchOnFunctionError"] = *b;
  if (const json* d = member(body, "DestinationConfig", Shape::kStruct)) {
    json config = {{"OnFailure", json::object()}};
    if (const json* f = member(*d, "OnFailure", Shape::kStruct)) {
      // Refused rather than accepted and never used.
      if (f->contains("Destination"))
        throw errors::invalid_parameter("localcloud does not support OnFailure destinations yet");
      config["OnFailure"] = *f;
    }
    m["DestinationConfig"] = config;
  }
  if (const json* f = member(body, "FilterCriteria", Shape::kStruct)) {
    check_filters(*f);
    if (f->contains("Filters") && !(*f)["Filters"].empty()) {
      m["FilterCriteria"] = *f;
    } else {
      m.erase("FilterCriteria");
    }
  }
  if (const json* t = member(body, "FunctionResponseTypes", Shape::kList)) {
    for (const auto& type : *t)
      if (!type.is_string() || type != "ReportBatchItemFailures")
        v.fail(type.is_string() ? type.get<std::string>() : type.dump(), "functionResponseTypes",
               "Member must satisfy enum value set: [ReportBatchItemFailures]");
    if (!t->empty())
      throw errors::invalid_parameter("localcloud does not support ReportBatchItemFailures yet");
    m["FunctionResponseTypes"] = *t;
  }
  if (auto n = int_member(body, "MaximumBatchingWindowInSeconds")) {
    v.check_range(*n, "maximumBatchingWindowInSeconds", 0, 300);
    m["MaximumBatchingWindowInSeconds"] = *n;
  }
  if (auto n = int_member(body, "MaximumRecordAgeInSeconds")) {
    v.check_range(*n, "maximumRecordAgeInSeconds", -1, 604800);
    m["MaximumRecordAgeInSeconds"] = *n;
  }
  if (auto n = int_member(body, "MaximumRetryAttempts")) {
    v.check_range(*n, "maximumRetryAttempts", -1, 10000);
    m["MaximumRetryAttempts"] = *n;
  }
  if (auto n = int_member(body, "ParallelizationFactor")) {
    v.check_range(*n, "parallelizationFactor", 1, 10);
    m["ParallelizationFactor"] = *n;
  }
  if (auto n = int_member(body, "TumblingWindowInSeconds")) {
    v.check_range(*n, "tumblingWindowInSeconds", 0, 900);
    if (*n > 0) throw errors::invalid_parameter("localcloud does not support tumbling windows yet");
    m["TumblingWindowInSeconds"] = *n;
  }
}

// MaximumRecordAgeInSeconds is -1 or at least 60, which the model cannot say.
void check_record_age(const json& m) {
  int64_t age = m.value("MaximumRecordAgeInSeconds", int64_t{-1});
  if (age != -1 && age < 60)
    throw errors::invalid_parameter(
        "MaximumRecordAgeInSeconds must be -1 or between 60 and 604800 for stream sources.");
}

// The stream must exist: asked of DynamoDB Streams itself.
void require_stream(const Context& ctx, const std::string& arn) {
  if (!ctx.options.router) throw errors::invalid_parameter("Stream not found: " + arn);
  try {
    native::call_service(*ctx.options.router, "DynamoDBStreams_20120810.DescribeStream",
                         json{{"StreamArn", arn}},
                         std::chrono::steady_clock::now() + std::chrono::seconds(10));
  } catch (const native::Error&) {
    throw errors::invalid_parameter("Stream not found: " + arn);
  }
}

bool is_dynamodb_stream_arn(const std::string& arn) {
  return arn.starts_with("arn:aws:dynamodb:") && arn.find(":table/") != std::string::npos &&
         arn.find("/stream/") != std::string::npos;
}

storage::MappingStore::Done answer(Reply reply, int status, Context& ctx,
                                   std::optional<json> fixed = std::nullopt) {
  return [reply = std::move(reply), status, &ctx, fixed](std::exception_ptr error,
                                                          storage::MappingPtr m) {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const AwsError& e) {
        return reply(Outcome::failure(e));
      } catch (const std::exception&) {
        return reply(Outcome::failure(errors::service_exception()));
      }
    }
    if (!m) return reply(Outcome::failure(errors::resource_not_found(kNotFound)));
    std::string uuid = fixed ? (*fixed)["UUID"].get<std::string>() : (*m)["UUID"].get<std::string>();
    reply(Outcome::json(status, fixed ? *fixed : render(*m)));
    if (ctx.mappings_changed) ctx.mappings_changed(uuid);
  };
}

}  // namespace

// CreateEventSourceMapping: a DynamoDB stream and a function; 202 with
// State Creating. One mapping per stream and function.
void create_event_source_mapping(Context& ctx, const Call& call, Reply reply) {
  const json& body = call.body;
  Validator v;
  auto function = string_member(body, "FunctionName");
  auto source = string_member(body, "EventSourceArn");
  auto position = string_member(body, "StartingPosition");
  if (!function) v.fail_null("functionName");
  if (position) v.check_enum(*position, "startingPosition", {"TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"});
  json m = json::object();
  m["UUID"] = ids::uuid4();
  m["BatchSize"] = 100;
  m["BisectBatchOnFunctionError"] = false;
  m["DestinationConfig"] = {{"OnFailure", json::object()}};
  m["EventSourceArn"] = source.value_or("");
  m["EventSourceMappingArn"] = "arn:aws:lambda:" + ctx.options.region + ":" +
                               ctx.options.account_id + ":event-source-mapping:" +
                               m["UUID"].get<std::string>();
  m["FunctionArn"] = "";
  m["FunctionResponseTypes"] = json::array();
  m["LastModified"] = now_seconds();
  m["LastProcessingResult"] = "No records processed";
  m["MaximumBatchingWindowInSeconds"] = 0;
  m["MaximumRecordAgeInSeconds"] = -1;
  m["MaximumRetryAttempts"] = -1;
  m["ParallelizationFactor"] = 1;
  m["StartingPosition"] = position.value_or("");
  m["State"] = "Creating";
  m["StateTransitionReason"] = "User action";
  m["TumblingWindowInSeconds"] = 0;
  apply_settings(body, m, v);
  v.throw_if_failed();
  if (!source)
    throw errors::invalid_parameter("Unrecognized event source, must be kinesis, dynamodb stream or sqs.");
  if (!is_dynamodb_stream_arn(*source))
    throw errors::invalid_parameter(
        "Unrecognized event source, localcloud maps DynamoDB streams only: " + *source);
  if (!position)
    throw errors::invalid_parameter("1 validation error detected: Value null at 'startingPosition' "
                                    "failed to satisfy constraint: Member must not be null.");
  if (*position == "AT_TIMESTAMP")
    throw errors::invalid_parameter("Unsupported starting position for arn type: " + *source);
  check_record_age(m);
  auto [resolved_arn, function_name] = resolve_function(ctx, *function);
  std::string function_arn = resolved_arn;
  m["FunctionArn"] = function_arn;
  require_stream(ctx, *source);
  if (auto enabled = bool_member(body, "Enabled"); enabled && !*enabled) m["State"] = "Disabled";
  // Reordered as AWS answers (FilterCriteria after EventSourceMappingArn).
  json ordered = json::object();
  for (const char* key : {"UUID", "BatchSize", "BisectBatchOnFunctionError", "DestinationConfig",
                          "EventSourceArn", "EventSourceMappingArn", "FilterCriteria",
                          "FunctionArn", "FunctionResponseTypes", "LastModified",
                          "LastProcessingResult", "MaximumBatchingWindowInSeconds",
                          "MaximumRecordAgeInSeconds", "MaximumRetryAttempts",
                          "ParallelizationFactor", "StartingPosition", "State",
                          "StateTransitionReason", "TumblingWindowInSeconds"})
    if (m.contains(key)) ordered[key] = m[key];
  std::string src = *source, fn = function_name;
  ctx.mappings.create(
      ordered,
      [src, fn, function_arn](const std::vector<storage::MappingPtr>& present) {
        for (const auto& other : present)
          if ((*other)["EventSourceArn"] == src && (*other)["FunctionArn"] == function_arn)
            throw errors::resource_conflict(
                "The event source arn (\" " + src + " \") and function (\" " + fn +
                " \") provided mapping already exists. Please update or delete the existing "
                "mapping with UUID " + (*other)["UUID"].get<std::string>());
      },
      answer(std::move(reply), 202, ctx));
}

// ListEventSourceMappings: all, or one stream's or function's, by UUID,
// paged with Marker and MaxItems.
void list_event_source_mappings(Context& ctx, const Call& call, Reply reply) {
  auto source = call.query_param("EventSourceArn");
  auto function = call.query_param("FunctionName");
  auto marker = call.query_param("Marker");
  int64_t max_items = 100;
  if (auto text = call.query_param("MaxItems")) {
    Validator v;
    try {
      max_items = std::stoll(*text);
    } catch (const std::exception&) {
      max_items = 0;
    }
    v.check_range(max_items, "maxItems", 1, 10000);
    v.throw_if_failed();
  }
  std::optional<std::string> function_arn;
  if (function) function_arn = resolve_function(ctx, *function).first;
  json list = json::array();
  std::optional<std::string> next;
  for (const auto& m : ctx.mappings.all()) {
    std::string uuid = (*m)["UUID"];
    if (marker && uuid <= *marker) continue;
    if (source && (*m)["EventSourceArn"] != *source) continue;
    if (function_arn && (*m)["FunctionArn"] != *function_arn) continue;
    if (static_cast<int64_t>(list.size()) == max_items) {
      next = list.back()["UUID"].get<std::string>();
      break;
    }
    list.push_back(render(*m));
  }
  json out = {{"EventSourceMappings", list}};
  if (next) out["NextMarker"] = *next;
  reply(Outcome::json(200, out));
}

void get_event_source_mapping(Context& ctx, const Call& call, Reply reply) {
  reply(Outcome::json(200, render(*require_mapping(ctx, call.params.at(0)))));
}

// UpdateEventSourceMapping: 202 with State Updating, Enabling or Disabling.
void update_event_source_mapping(Context& ctx, const Call& call, Reply reply) {
  const std::string uuid = call.params.at(0);
  const json& body = call.body;
  Validator v;
  json changes = json::object();
  apply_settings(body, changes, v);
  v.throw_if_failed();
  auto current = require_mapping(ctx, uuid);
  json merged = *current;
  for (const auto& [key, value] : changes.items()) merged[key] = value;
  check_record_age(merged);
  std::optional<std::string> function_arn;
  if (auto function = string_member(body, "FunctionName"))
    function_arn = resolve_function(ctx, *function).first;
  auto enabled = bool_member(body, "Enabled");
  bool has_filter_change = body.contains("FilterCriteria");
  ctx.mappings.update(
      uuid,
      [changes, function_arn, enabled, has_filter_change](json& m) {
        std::string state = m.value("State", "");
        if (state == "Creating" || state == "Updating" || state == "Enabling" ||
            state == "Disabling" || state == "Deleting")
          throw errors::resource_in_use("Cannot update the event source mapping because it is in use.");
        for (const auto& [key, value] : changes.items()) m[key] = value;
        if (has_filter_change && !changes.contains("FilterCriteria")) m.erase("FilterCriteria");
        if (function_arn) m["FunctionArn"] = *function_arn;
        bool was_enabled = state == "Enabled";
        bool now_enabled = enabled.value_or(was_enabled);
        m["State"] = now_enabled ? (was_enabled ? "Updating" : "Enabling")
                                 : (was_enabled ? "Disabling" : "Disabled");
        m["LastModified"] = now_seconds();
      },
      answer(std::move(reply), 202, ctx));
}

// DeleteEventSourceMapping: 202 with the mapping in State Deleting.
void delete_event_source_mapping(Context& ctx, const Call& call, Reply reply) {
  const std::string uuid = call.params.at(0);
  json gone = render(*require_mapping(ctx, uuid));
  gone["State"] = "Deleting";
  ctx.mappings.remove(uuid, answer(std::move(reply), 202, ctx, gone));
}

}  // namespace localcloud::lambda::api
