// The edge of API Gateway: control-plane calls (method and path → operation,
// JSON body → Call, errors → {"message": ...} with X-Amzn-ErrorType) and
// data-plane requests (→ DataPlane). Only this file knows the wire format of
// errors.
#include "localcloud/apigateway/service.h"

#include <cctype>

#include <spdlog/spdlog.h>

#include "api/call.h"
#include "api/data_plane.h"
#include "api/routes.h"
#include "errors.h"
#include "event/codec.h"
#include "integration/executor.h"
#include "localcloud/http/aws_protocol.h"
#include "storage/api_store.h"

namespace localcloud::apigateway {
namespace {

constexpr std::string_view kHostSuffix = ".execute-api.localhost";

http::Response error_response(const AwsError& error) {
  return http::rest_json_error(error, "message");
}

http::Response to_response(api::Outcome outcome) {
  if (outcome.error) return error_response(*outcome.error);
  if (!outcome.body) {
    http::Response r;
    r.status = outcome.status;
    return r;
  }
  return http::Response::with_body(outcome.status, "application/json", outcome.body->dump());
}

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && http::iequals(text.substr(text.size() - suffix.size()), suffix);
}

class ApiGatewayService final : public Service {
 public:
  ApiGatewayService(sqlite::Store& store, std::shared_ptr<lambda::FunctionInvoker> invoker,
                    ServiceOptions options)
      : apis_(store),
        executor_(std::move(invoker), options.http_threads),
        context_{apis_, executor_, options.region, options.account_id},
        data_plane_(apis_, executor_, options.account_id, options.iam_verifier) {}

  std::string_view name() const override { return "apigateway"; }

  std::vector<http::Route> routes() const override {
    using Kind = http::Route::Kind;
    return {{Kind::kHostSuffix, std::string(kHostSuffix)},
            {Kind::kPathPrefix, "/restapis"},
            {Kind::kFallback, ""}};
  }

  void stop() override { executor_.stop(); }

  // The control plane is signed like any AWS API; the data plane (stage
  // URLs) is open, as a method without AWS_IAM authorization is.
  std::optional<http::SignatureRules> signature_rules(const http::Request& request) const override {
    if (ends_with_ci(request.host(), kHostSuffix)) return std::nullopt;
    std::string_view path = request.path();
    if (path != "/restapis" && !path.starts_with("/restapis/")) return std::nullopt;
    if (path.find("/_user_request_") != std::string_view::npos) return std::nullopt;
    return http::SignatureRules{http::SignatureRules::Shape::kRestJson, std::chrono::minutes(5)};
  }

  void set_default_rest_api(std::string id) override { data_plane_.set_default(std::move(id)); }

  void handle(http::Request request, http::Respond respond) override {
    std::string_view host = request.host();
    std::string_view path = request.path();
    if (ends_with_ci(host, kHostSuffix)) {
      auto address = api::parse_stage_path(path);
      if (!address) address.emplace();
      // Host names are case-insensitive; API ids are lowercase.
      address->api_id = std::string(host.substr(0, host.size() - kHostSuffix.size()));
      for (auto& c : address->api_id)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      // assign(), not = "-": GCC 12 warns of overlapping copies there (-Wrestrict), wrongly.
      if (address->api_id.empty()) address->api_id.assign(1, '-');
      return data_plane_.handle(std::move(request), std::move(*address), std::move(respond));
    }
    if (path == "/restapis" || path == "/restapis/") return control_plane(request, std::move(respond));
    if (path.starts_with("/restapis/")) {
      // /restapis/{id}/{stage}/_user_request_{/path}
      auto parts = path.substr(std::string_view("/restapis/").size());
      size_t id_end = parts.find('/');
      size_t stage_end = id_end == std::string_view::npos ? id_end : parts.find('/', id_end + 1);
      if (stage_end != std::string_view::npos &&
          parts.substr(stage_end).starts_with("/_user_request_") &&
          (parts.size() == stage_end + 15 || parts[stage_end + 15] == '/')) {
        api::Address address;
        address.api_id = std::string(parts.substr(0, id_end));
        address.stage = std::string(parts.substr(id_end + 1, stage_end - id_end - 1));
        address.raw_path = std::string(parts.substr(stage_end + 15));
        std::string_view rest = address.raw_path;
        while (rest.size() > 1 && rest.starts_with("//")) rest.remove_prefix(1);
        address.path = rest.empty() ? "/" : std::string(rest);
        return data_plane_.handle(std::move(request), std::move(address), std::move(respond));
      }
      return control_plane(request, std::move(respond));
    }
    auto address = api::parse_stage_path(path);
    if (!address) address.emplace();
    data_plane_.handle(std::move(request), std::move(*address), std::move(respond));
  }

 private:
  void control_plane(const http::Request& request, http::Respond respond) {
    auto match = api::match_route(request.method, request.path());
    std::string_view op_name = match ? match->name : "unknown";
    try {
      if (!match) throw AwsError(404, "UnknownOperationException", "Unknown operation");
      api::Call call;
      call.params = std::move(match->params);
      call.request_id = request.id;
      call.query = event::parse_query(request.query());
      if (!request.body.empty()) {
        call.body = model::Json::parse(request.body, nullptr, false);
        if (call.body.is_discarded() || !call.body.is_object())
          throw errors::bad_request("Invalid JSON in request body");
      }
      match->op(context_, call, [respond](api::Outcome outcome) {
        respond(to_response(std::move(outcome)));
      });
    } catch (const AwsError& e) {
      respond(error_response(e));
    } catch (const std::exception& e) {
      spdlog::error("{} API Gateway {} failed: {}", request.id, op_name, e.what());
      respond(error_response(errors::internal()));
    }
  }

  storage::ApiStore apis_;
  integration::Executor executor_;
  api::Context context_;
  api::DataPlane data_plane_;
};

}  // namespace

std::shared_ptr<Service> make_service(sqlite::Store& store,
                                      std::shared_ptr<lambda::FunctionInvoker> invoker,
                                      ServiceOptions options) {
  return std::make_shared<ApiGatewayService>(store, std::move(invoker), std::move(options));
}

}  // namespace localcloud::apigateway
