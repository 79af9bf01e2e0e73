// The JSON 1.0 edge of DynamoDB: target → operation, body → JSON, errors →
// `__type` bodies. Only this file knows the wire format of errors.
#include "localcloud/dynamodb/service.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <string_view>
#include <unordered_map>

#include "api/operations.h"
#include "localcloud/http/aws_protocol.h"
#include "storage/schema.h"
#include "storage/ttl_sweeper.h"

namespace localcloud::dynamodb {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
constexpr std::string_view kNamespace = "com.amazonaws.dynamodb.v20120810";
constexpr const char* kContentType = "application/x-amz-json-1.0";

class DynamoDbService final : public http::Service {
 public:
  DynamoDbService(sqlite::Store& store, ServiceOptions options)
      : tables_(store),
        in_flight_(store),
        context_{store, std::move(options), tables_, in_flight_},
        sweeper_(store, tables_, context_.options.ttl_interval) {}

  std::string_view name() const override { return "dynamodb"; }

  std::vector<http::Route> routes() const override {
    return {{http::Route::Kind::kTargetPrefix, std::string(kTargetPrefix)}};
  }

  void handle(http::Request request, http::Respond respond) override {
    std::string_view target = request.headers.find("x-amz-target").value_or("");
    std::string_view op_name = target.substr(kTargetPrefix.size());
    const api::Operation* op = api::find_operation(op_name);
    try {
      if (!op) throw errors::unknown_operation();
      nlohmann::json input;
      try {
        input = request.body.empty() ? nlohmann::json::object()
                                     : nlohmann::json::parse(request.body);
      } catch (const nlohmann::json::parse_error&) {
        throw errors::serialization("");
      }
      if (!input.is_object()) throw errors::serialization("");
      (*op)(context_, input, [respond](api::Outcome outcome) {
        if (outcome.error) return respond(http::json10_error(*outcome.error, kNamespace));
        respond(http::Response::with_body(200, kContentType, std::move(outcome.body)));
      });
    } catch (const AwsError& e) {
      respond(http::json10_error(e, kNamespace));
    } catch (const std::exception& e) {
      spdlog::error("{} DynamoDB {} failed: {}", request.id, op_name, e.what());
      respond(http::json10_error(errors::internal_server_error(), kNamespace));
    }
  }

 private:
  storage::TableStore tables_;
  storage::InFlightItems in_flight_;
  api::Context context_;
  storage::TtlSweeper sweeper_;
};

}  // namespace

std::shared_ptr<http::Service> make_service(sqlite::Store& store, ServiceOptions options) {
  store.migrate(storage::kComponent, storage::migrations());
  return std::make_shared<DynamoDbService>(store, std::move(options));
}

}  // namespace localcloud::dynamodb
