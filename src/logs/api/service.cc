// The JSON 1.1 edge of CloudWatch Logs: target → operation, body → JSON,
// errors → `__type` bodies. Only this file knows the wire format of errors.
#include "localcloud/logs/service.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "api/operations.h"

namespace localcloud::logs {
namespace {

constexpr std::string_view kTargetPrefix = "Logs_20140328.";
constexpr const char* kContentType = "application/x-amz-json-1.1";

// {"__type":"ResourceNotFoundException","message":"..."}: Logs names its own
// errors without a namespace; coral's (SerializationException, ...) keep theirs.
http::Response error_response(const AwsError& error) {
  std::string type =
      error.type_namespace().empty() ? error.code() : error.type_namespace() + "#" + error.code();
  nlohmann::json body = {{"__type", type}};
  if (!error.message().empty()) body["message"] = error.message();
  for (const auto& [name, raw] : error.extra_fields())
    body[name] = nlohmann::json::parse(raw, nullptr, false);
  return http::Response::with_body(
      error.status(), kContentType,
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

class LogsService final : public http::Service {
 public:
  LogsService(std::shared_ptr<LogStore> store, ServiceOptions options)
      : store_(std::move(store)), context_{*store_, std::move(options)} {}

  std::string_view name() const override { return "logs"; }

  std::vector<http::Route> routes() const override {
    return {{http::Route::Kind::kTargetPrefix, std::string(kTargetPrefix)}};
  }

  std::optional<http::SignatureRules> signature_rules(const http::Request&) const override {
    return http::SignatureRules{http::SignatureRules::Shape::kJson10, std::chrono::minutes(15)};
  }

  void handle(http::Request request, http::Respond respond) override {
    std::string_view target = request.headers.find("x-amz-target").value_or("");
    std::string_view op_name = target.substr(std::min(target.size(), kTargetPrefix.size()));
    const api::Operation* op = api::find_operation(op_name);
    try {
      if (!op) throw localcloud::errors::unknown_operation();
      nlohmann::json input;
      try {
        input =
            request.body.empty() ? nlohmann::json::object() : nlohmann::json::parse(request.body);
      } catch (const nlohmann::json::exception&) {
        // Malformed text, or a number beyond a double's range (1e400).
        throw localcloud::errors::serialization("");
      }
      if (!input.is_object()) throw localcloud::errors::serialization("");
      (*op)(context_, input, [respond](api::Outcome outcome) {
        if (outcome.error) return respond(error_response(*outcome.error));
        respond(http::Response::with_body(200, kContentType, std::move(outcome.body)));
      });
    } catch (const AwsError& e) {
      respond(error_response(e));
    } catch (const std::exception& e) {
      spdlog::error("{} Logs {} failed: {}", request.id, op_name, e.what());
      respond(error_response(localcloud::errors::internal_server_error()));
    }
  }

 private:
  std::shared_ptr<LogStore> store_;
  api::Context context_;
};

}  // namespace

std::shared_ptr<http::Service> make_service(std::shared_ptr<LogStore> store,
                                            ServiceOptions options) {
  return std::make_shared<LogsService>(std::move(store), std::move(options));
}

}  // namespace localcloud::logs
