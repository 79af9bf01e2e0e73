// The REST-JSON edge of Lambda: method and path → operation, query and body
// → Call, errors → X-Amzn-ErrorType responses. Only this file knows the
// wire format of errors.
#include "localcloud/lambda/service.h"

#include <spdlog/spdlog.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>

#include <map>
#include <nlohmann/json.hpp>

#include "api/call.h"
#include "api/routes.h"
#include "api/validation.h"
#include "code/zip_extractor.h"
#include "errors.h"
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

constexpr std::string_view kTempPrefix = "localcloud-lambda-";

// Temporary roots of in-memory runs that were killed (kill -9 skips the
// destructor that removes them): "localcloud-lambda-<pid>-XXXXXX" whose
// process is gone.
void remove_stale_temp_roots(const std::filesystem::path& tmp) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(tmp, ec)) {
    std::string file = entry.path().filename().string();
    if (!file.starts_with(kTempPrefix)) continue;
    long pid = std::strtol(file.c_str() + kTempPrefix.size(), nullptr, 10);
    if (pid <= 0 || pid == getpid() || kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)
      continue;
    std::filesystem::remove_all(entry.path(), ec);
  }
}

std::filesystem::path make_temp_root() {
  auto tmp = std::filesystem::temp_directory_path();
  remove_stale_temp_roots(tmp);
  std::string pattern =
      (tmp / (std::string(kTempPrefix) + std::to_string(getpid()) + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data()))
    throw std::filesystem::filesystem_error("cannot create a temporary directory", pattern,
                                            std::error_code(errno, std::generic_category()));
  return pattern;
}

class LambdaService final : public http::Service {
 public:
  LambdaService(sqlite::Store& store, ServiceOptions options, std::filesystem::path code_root,
                bool owns_root)
      : functions_(store),
        code_(std::move(code_root), owns_root),
        context_{std::move(options), functions_, code_, locks_} {
    std::map<std::string, std::string> live;
    for (const auto& f : functions_.all()) live[f->config.name] = f->config.code.hex;
    code_.sweep(live);
  }

  std::string_view name() const override { return "lambda"; }

  std::vector<http::Route> routes() const override {
    using Kind = http::Route::Kind;
    return {{Kind::kPathPrefix, "/2015-03-31/functions"},
            {Kind::kPathPrefix, "/2017-10-31/functions"},
            {Kind::kPathPrefix, "/2019-09-30/functions"},
            {Kind::kPathPrefix, "/2017-03-31/tags"},
            {Kind::kPathPrefix, "/_localcloud/lambda/"}};
  }

  void handle(http::Request request, http::Respond respond) override {
    auto match = api::match_route(request.method, request.path());
    std::string_view op_name = match ? match->name : "unknown";
    try {
      if (!match) throw errors::unknown_operation();
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
        } catch (const nlohmann::json::parse_error& e) {
          api::throw_unparseable(e.what());
        }
        if (!call.body.is_object()) api::throw_unparseable("expected a JSON object");
      }
      match->op(context_, call, [respond](api::Outcome outcome) {
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
  storage::FunctionStore functions_;
  storage::CodeStore code_;
  storage::NameLocks locks_;
  api::Context context_;
};

}  // namespace

std::shared_ptr<http::Service> make_service(sqlite::Store& store, ServiceOptions options) {
  store.migrate(storage::kComponent, storage::migrations());
  bool owns_root = options.code_root.empty();
  std::filesystem::path root = owns_root ? make_temp_root() : options.code_root;
  return std::make_shared<LambdaService>(store, std::move(options), std::move(root), owns_root);
}

}  // namespace localcloud::lambda
