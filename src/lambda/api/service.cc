// The REST-JSON edge of Lambda: method and path → operation, query and body
// → Call, errors → X-Amzn-ErrorType responses. Only this file knows the
// wire format of errors.
#include "localcloud/lambda/service.h"

#include "localcloud/lambda/invoke.h"

#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <thread>

#include <map>
#include <nlohmann/json.hpp>

#include "api/call.h"
#include "api/routes.h"
#include "api/validation.h"
#include "api/render.h"
#include "api/resolve.h"
#include "code/base64.h"
#include "localcloud/core/ids.h"
#include "localcloud/core/scratch_dir.h"
#include "code/zip_extractor.h"
#include "errors.h"
#include "esm/manager.h"
#include "invoke/invoker.h"
#include "model/runtimes.h"
#include "native/caller.h"
#include "localcloud/http/aws_protocol.h"
#include "storage/schema.h"

namespace localcloud::lambda {
namespace {

http::Response error_response(const AwsError& error) {
  return http::rest_json_error(error, errors::message_key(error.code()));
}

http::Response to_response(api::Outcome outcome) {
  if (outcome.error) return error_response(*outcome.error);
  if (outcome.body.empty()) {
    http::Response r;
    r.status = outcome.status;
    return r;
  }
  return http::Response::with_body(outcome.status, std::move(outcome.content_type),
                                   std::move(outcome.body));
}

class LambdaService final : public http::Service, public FunctionInvoker {
 public:
  // Without a code root (in memory), the code goes in a scratch directory of
  // its own, removed with the service.
  LambdaService(sqlite::Store& store, ServiceOptions options)
      : scratch_(options.code_root.empty()
                     ? ScratchDir::make(std::filesystem::temp_directory_path(), "localcloud-lambda-")
                     : nullptr),
        functions_(store),
        code_(scratch_ ? scratch_->path() : options.code_root),
        mappings_(store),
        context_{std::move(options), functions_, code_, locks_, mappings_, nullptr},
        invoker_(invoker_options(context_.options, code_)) {
    std::map<std::string, std::string> live;
    for (const auto& f : functions_.all()) live[f->config.name] = f->config.code.hex;
    code_.sweep(live);
    link_runtime_packages();
    start_event_source_mappings();
  }

  std::string_view name() const override { return "lambda"; }

  std::vector<http::Route> routes() const override {
    using Kind = http::Route::Kind;
    return {{Kind::kPathPrefix, "/2015-03-31/functions"},
            {Kind::kPathPrefix, "/2017-10-31/functions"},
            {Kind::kPathPrefix, "/2019-09-30/functions"},
            {Kind::kPathPrefix, "/2017-03-31/tags"},
            {Kind::kPathPrefix, "/2015-03-31/event-source-mappings"},
            {Kind::kPathPrefix, "/_localcloud/lambda/"}};
  }

  // The function API is signed; the code download link GetFunction hands
  // out stands for a presigned URL and is not.
  std::optional<http::SignatureRules> signature_rules(const http::Request& request) const override {
    if (request.path().starts_with("/_localcloud/")) return std::nullopt;
    return http::SignatureRules{http::SignatureRules::Shape::kRestJson, std::chrono::minutes(5)};
  }

  // Pollers first: they wait on invocations the invoker is about to end.
  void stop() override {
    if (manager_) manager_->stop();
    invoker_.stop();
  }

  void invoke(std::string function, std::string payload,
              std::function<void(InvocationResult)> done) override {
    invoke::InvokeRequest job;
    try {
      auto ref = invoker_target(function);
      if (!payload.empty() && !nlohmann::json::accept(payload))
        throw errors::invalid_request_content("Could not parse request body into json");
      job.function = api::require_function(context_, ref.name);
      job.payload = payload.empty() ? "{}" : std::move(payload);
    } catch (const AwsError& e) {
      return refuse(e, done);
    }
    submit(std::move(job), std::move(done));
  }

  void invoke_event(std::string function, const Event& event,
                    std::function<void(InvocationResult)> done) override {
    invoke::InvokeRequest job;
    try {
      job.function = api::require_function(context_, invoker_target(function).name);
    } catch (const AwsError& e) {
      return refuse(e, done);
    }
    auto family = model::find_runtime(job.function->config.runtime);
    if (family && family->family == model::RuntimeFamily::kNative) {
      job.event = event.document();
      job.document_response = true;
    } else {
      job.payload = event.text();
    }
    submit(std::move(job), std::move(done));
  }

  void handle(http::Request request, http::Respond respond) override {
    auto match = api::match_route(request.method, request.path());
    std::string_view op_name = match ? match->name : "unknown";
    try {
      if (!match) throw errors::unknown_operation();
      if (!match->op) return invoke(request, std::move(match->params), respond);
      api::Call call;
      call.params = std::move(match->params);
      call.query = api::parse_query(request.query());
      call.host = std::string(request.headers.find("host").value_or("localhost:4566"));
      call.body_size = request.body.size();
      // AWS refuses an oversized package upload before reading it.
      if ((op_name == "CreateFunction" || op_name == "UpdateFunctionCode") &&
          request.body.size() > code::kMaxRequestBytes)
        throw code::request_too_large(op_name);
      if (!request.body.empty()) {
        try {
          call.body = nlohmann::ordered_json::parse(request.body);
        } catch (const nlohmann::json::exception& e) {
          // Malformed text, or a number beyond a double's range (1e400).
          api::throw_unparseable(e.what());
        }
        if (!call.body.is_object()) api::throw_unparseable("expected a JSON object");
      }
      // Environments of a changed or deleted function must not serve again.
      bool retires = op_name == "UpdateFunctionCode" || op_name == "UpdateFunctionConfiguration" ||
                     op_name == "DeleteFunction";
      match->op(context_, call,
                [this, respond, retires, params = call.params](api::Outcome outcome) {
                  if (retires && !outcome.error && !params.empty())
                    if (auto ref = model::parse_function_name(params[0],
                                                             model::NameForm::kNamespaced))
                      invoker_.retire(ref->name);
                  respond(to_response(std::move(outcome)));
                });
    } catch (const AwsError& e) {
      respond(error_response(e));
    } catch (const std::exception& e) {
      spdlog::error("{} Lambda {} failed: {}", request.id, op_name, e.what());
      respond(error_response(errors::service_exception()));
    }
  }

 private:
  // Runs the mappings' pollers: they read streams through the router and
  // invoke through this service, waking on DynamoDB's commits.
  void start_event_source_mappings() {
    if (!context_.options.router) return;
    esm::PollerHooks hooks;
    hooks.router = context_.options.router;
    hooks.invoke = [this](std::string function, std::string payload,
                          std::function<void(InvocationResult)> done) {
      invoke(std::move(function), std::move(payload), std::move(done));
    };
    hooks.wait = context_.options.wait_for_stream_records;
    if (!hooks.wait)
      hooks.wait = [](uint64_t seen, std::chrono::steady_clock::time_point deadline) {
        std::this_thread::sleep_until(deadline);
        return seen + 1;
      };
    manager_ = std::make_unique<esm::Manager>(mappings_, std::move(hooks));
    context_.mappings_changed = [this](const std::string& uuid) { manager_->changed(uuid); };
  }

  // <code root>/node_modules → the Node.js runtime's packages: ES module
  // handlers then find @aws-sdk/* by Node's own resolution, a parent
  // directory of every task root (and above functions/, where a function
  // could be called node_modules), which starts faster than the
  // bootstrap's resolve hook. Without it the hook still finds them.
  void link_runtime_packages() {
    const auto& runtime_dir = context_.options.runtime_dir;
    if (runtime_dir.empty()) return;
    auto target = runtime_dir / "nodejs" / "node_modules";
    auto link = code_.root() / "node_modules";
    std::error_code ec;
    if (!std::filesystem::is_directory(target, ec)) return;
    if (std::filesystem::is_symlink(link, ec)) {
      if (std::filesystem::read_symlink(link, ec) == target) return;
      std::filesystem::remove(link, ec);
    }
    std::filesystem::create_directory_symlink(target, link, ec);
    if (ec) spdlog::debug("lambda: cannot link {}: {}", link.string(), ec.message());
  }

  static invoke::InvokerOptions invoker_options(const ServiceOptions& options,
                                                storage::CodeStore& code) {
    invoke::InvokerOptions o;
    o.runtime_dir = options.runtime_dir;
    o.region = options.region;
    o.account_id = options.account_id;
    o.publish = options.publish_logs;
    o.endpoint_url = options.endpoint_url;
    o.access_key_id = options.handler_access_key_id;
    o.secret_access_key = options.handler_secret_access_key;
    o.default_concurrency = options.default_concurrency;
    if (options.router)
      o.call_service = [router = options.router](std::string_view target,
                                                 const nlohmann::ordered_json& request,
                                                 std::chrono::steady_clock::time_point deadline) {
        return native::call_service(*router, target, request, deadline);
      };
    o.idle_timeout = options.idle_timeout;
    o.task_root = [&code](const model::Function& f) {
      return code.code_dir(f.config.name, f.config.code.hex);
    };
    return o;
  }

  // The function a FunctionInvoker caller names; throws what Invoke would.
  model::FunctionRef invoker_target(const std::string& function) const {
    auto ref = model::parse_function_name(function, model::NameForm::kNamespaced);
    if (!ref) throw errors::function_not_found(api::arn_of(context_, function));
    if (ref->qualifier && *ref->qualifier != model::kLatest)
      throw errors::function_not_found(api::arn_of(context_, ref->name, *ref->qualifier));
    return *ref;
  }

  static void refuse(const AwsError& error, const std::function<void(InvocationResult)>& done) {
    InvocationResult refused;
    refused.error = error;
    done(std::move(refused));
  }

  // Runs a FunctionInvoker caller's invocation under an id of its own.
  void submit(invoke::InvokeRequest job, std::function<void(InvocationResult)> done) {
    job.request_id = ids::uuid4();
    std::string id = job.request_id;
    invoker_.invoke(std::move(job), [done = std::move(done), id](invoke::InvokeResult r) {
      done(InvocationResult{std::move(r.error), std::move(r.payload), std::move(r.function_error),
                            id, std::move(r.document)});
    });
  }

  // Invoke: POST /2015-03-31/functions/{name}/invocations. The payload is any
  // JSON text and goes to the handler as sent.
  // Throws AwsError for a refused request; `respond` is used only once it is accepted.
  void invoke(const http::Request& request, std::vector<std::string> params,
              const http::Respond& respond) {
    api::Call call;
    call.params = std::move(params);
    call.query = api::parse_query(request.query());
    api::Target target = api::resolve_target(context_, call, model::NameForm::kNamespaced);
    if (target.qualifier && *target.qualifier != model::kLatest)
      throw errors::function_not_found(api::arn_of(context_, target.name, *target.qualifier));
    auto function = api::require_function(context_, target.name, target.qualifier.value_or(""));

    std::string type(request.headers.find("x-amz-invocation-type").value_or("RequestResponse"));
    std::string log_type(request.headers.find("x-amz-log-type").value_or("None"));
    if (type != "RequestResponse" && type != "Event" && type != "DryRun")
      throw errors::validation("1 validation error detected: Value '" + type +
                               "' at 'invocationType' failed to satisfy constraint: Member must "
                               "satisfy enum value set: [Event, RequestResponse, DryRun]");
    if (log_type != "None" && log_type != "Tail")
      throw errors::validation("1 validation error detected: Value '" + log_type +
                               "' at 'logType' failed to satisfy constraint: Member must satisfy "
                               "enum value set: [Tail, None]");
    bool async = type == "Event";
    size_t limit = async ? invoke::kMaxAsyncRequestBytes : invoke::kMaxSyncRequestBytes;
    if (request.body.size() > limit)
      throw errors::request_entity_too_large(
          "Request must be smaller than " + std::to_string(limit) + " bytes for the " +
          (async ? "InvokeAsync" : "InvokeFunction") + " operation");
    if (!request.body.empty() && !nlohmann::json::accept(request.body))
      throw errors::invalid_request_content(
          "Could not parse request body into json: Could not parse payload into json: "
          "Unexpected character: expected a valid value (JSON String, Number, Array, Object or "
          "token 'null', 'true' or 'false')");
    if (type == "DryRun") {
      http::Response r;
      r.status = 204;
      return respond(std::move(r));
    }

    invoke::InvokeRequest job;
    job.function = std::move(function);
    job.request_id = request.id;
    job.payload = request.body.empty() ? "{}" : request.body;
    job.client_context = std::string(request.headers.find("x-amz-client-context").value_or(""));
    job.asynchronous = async;
    job.tail = log_type == "Tail" && !async;
    invoker_.invoke(std::move(job), [respond, async](invoke::InvokeResult result) {
      if (result.error) return respond(error_response(*result.error));
      if (async) {
        http::Response r;
        r.status = 202;
        return respond(std::move(r));
      }
      auto r = http::Response::with_body(200, "application/json", std::move(result.payload));
      r.headers.set("X-Amz-Executed-Version", model::kLatest);
      if (result.function_error) r.headers.set("X-Amz-Function-Error", *result.function_error);
      if (!result.log_tail.empty())
        r.headers.set("X-Amz-Log-Result", code::base64_encode(result.log_tail));
      respond(std::move(r));
    });
  }

  std::unique_ptr<ScratchDir> scratch_;  // first: outlives the code store
  storage::FunctionStore functions_;
  storage::CodeStore code_;
  storage::NameLocks locks_;
  storage::MappingStore mappings_;
  api::Context context_;
  invoke::Invoker invoker_;  // its environments use the code store
  std::unique_ptr<esm::Manager> manager_;  // last: its pollers invoke through invoker_
};

}  // namespace

std::shared_ptr<FunctionInvoker> function_invoker(const std::shared_ptr<http::Service>& service) {
  return std::dynamic_pointer_cast<LambdaService>(service);
}

std::shared_ptr<http::Service> make_service(sqlite::Store& store, ServiceOptions options) {
  store.migrate(storage::kComponent, storage::migrations());
  return std::make_shared<LambdaService>(store, std::move(options));
}

}  // namespace localcloud::lambda
