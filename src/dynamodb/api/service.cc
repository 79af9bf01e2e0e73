// The JSON 1.0 edge of DynamoDB: target → operation, body → JSON, errors →
// `__type` bodies. Only this file knows the wire format of errors.
#include "localcloud/dynamodb/service.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "api/item_operations.h"
#include "api/operations.h"
#include "api/stream_operations.h"
#include "localcloud/http/aws_protocol.h"
#include "storage/schema.h"
#include "storage/ttl_sweeper.h"
#include "storage/streams.h"

namespace localcloud::dynamodb {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
// The Streams API: the same endpoint and signing service, its own target.
constexpr std::string_view kStreamsTargetPrefix = "DynamoDBStreams_20120810.";
// How often records past the retention period are dropped.
constexpr auto kTrimInterval = std::chrono::minutes(5);
constexpr std::string_view kNamespace = "com.amazonaws.dynamodb.v20120810";
constexpr const char* kContentType = "application/x-amz-json-1.0";

class DynamoDbService final : public http::Service, public StreamNotifier {
 public:
  DynamoDbService(sqlite::Store& store, ServiceOptions options)
      : tables_(store),
        in_flight_(store),
        context_{store, std::move(options), tables_, in_flight_},
        sweeper_(store, tables_, context_.options.ttl_interval) {
    store.add_commit_listener([signal = signal_] { signal->after_commit(); });
    trimmer_ = std::thread([this] { trim_loop(); });
  }

  ~DynamoDbService() override { stop(); }

  std::string_view name() const override { return "dynamodb"; }

  std::vector<http::Route> routes() const override {
    return {{http::Route::Kind::kTargetPrefix, std::string(kTargetPrefix)},
            {http::Route::Kind::kTargetPrefix, std::string(kStreamsTargetPrefix)}};
  }

  std::optional<http::SignatureRules> signature_rules(const http::Request&) const override {
    return http::SignatureRules{http::SignatureRules::Shape::kJson10, std::chrono::minutes(15)};
  }

  void stop() override {
    {
      std::lock_guard lock(trim_mu_);
      stopping_ = true;
    }
    trim_cv_.notify_all();
    if (trimmer_.joinable()) trimmer_.join();
  }

  uint64_t wait_for_records(uint64_t seen,
                            std::chrono::steady_clock::time_point deadline) override {
    return signal_->wait(seen, deadline);
  }

  void handle(http::Request request, http::Respond respond) override {
    std::string_view target = request.headers.find("x-amz-target").value_or("");
    bool streams = target.starts_with(kStreamsTargetPrefix);
    std::string_view op_name =
        target.substr(streams ? kStreamsTargetPrefix.size() : kTargetPrefix.size());
    const api::Operation* op =
        streams ? api::find_stream_operation(op_name) : api::find_operation(op_name);
    try {
      if (!op) throw errors::unknown_operation();
      api::Reply reply = [respond](api::Outcome outcome) {
        if (outcome.error) return respond(http::json10_error(*outcome.error, kNamespace));
        respond(http::Response::with_body(200, kContentType, std::move(outcome.body)));
      };
      if (!streams && api::flat_operation(context_, op_name, request.body, reply)) return;
      nlohmann::json input;
      try {
        input = request.body.empty() ? nlohmann::json::object()
                                     : nlohmann::json::parse(request.body);
      } catch (const nlohmann::json::exception&) {
        // Malformed text (parse_error), and numbers beyond a double's range
        // such as 1e400 (out_of_range 406): both are a body AWS cannot read.
        throw errors::serialization("");
      }
      if (!input.is_object()) throw errors::serialization("");
      (*op)(context_, input, std::move(reply));
    } catch (const AwsError& e) {
      respond(http::json10_error(e, kNamespace));
    } catch (const std::exception& e) {
      spdlog::error("{} DynamoDB {} failed: {}", request.id, op_name, e.what());
      respond(http::json10_error(errors::internal_server_error(), kNamespace));
    }
  }

 private:
  // Drops expired stream records now and then, through the writer.
  void trim_loop() {
    std::unique_lock lock(trim_mu_);
    while (!trim_cv_.wait_for(lock, kTrimInterval, [this] { return stopping_; })) {
      lock.unlock();
      auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
      context_.store.write_async(
          [now](sqlite::Connection& conn) { storage::trim_streams(conn, now); },
          [](std::exception_ptr error) {
            if (!error) return;
            try {
              std::rethrow_exception(error);
            } catch (const std::exception& e) {
              spdlog::warn("DynamoDB stream trimming failed: {}", e.what());
            }
          });
      lock.lock();
    }
  }

  storage::TableStore tables_;
  storage::InFlightItems in_flight_;
  api::Context context_;
  storage::TtlSweeper sweeper_;
  std::shared_ptr<storage::StreamSignal> signal_ = std::make_shared<storage::StreamSignal>();
  std::mutex trim_mu_;
  std::condition_variable trim_cv_;
  bool stopping_ = false;
  std::thread trimmer_;
};

}  // namespace

std::shared_ptr<http::Service> make_service(sqlite::Store& store, ServiceOptions options) {
  store.migrate(storage::kComponent, storage::migrations());
  return std::make_shared<DynamoDbService>(store, std::move(options));
}

std::shared_ptr<StreamNotifier> stream_notifier(const std::shared_ptr<http::Service>& service) {
  return std::dynamic_pointer_cast<DynamoDbService>(service);
}

}  // namespace localcloud::dynamodb
