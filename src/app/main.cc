// The composition root: flags → logging → store → services → router → server.
// Nothing depends on this file.
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <system_error>
#include <thread>

#include "health_service.h"
#include "localcloud/apigateway/service.h"
#include "localcloud/config/options.h"
#include "localcloud/console/service.h"
#include "localcloud/core/logging.h"
#include "localcloud/core/version.h"
#include "localcloud/dynamodb/service.h"
#include "localcloud/http/router.h"
#include "localcloud/http/server.h"
#include "localcloud/lambda/service.h"
#include "localcloud/provision/provision.h"
#include "localcloud/logs/log_store.h"
#include "localcloud/logs/service.h"
#include "localcloud/sqlite/store.h"

namespace {

using namespace localcloud;

int fail(const std::string& message) {
  std::fprintf(stderr, "localcloud: %s\n", message.c_str());
  return 2;
}

// The server's port once it listens: handlers' AWS_ENDPOINT_URL points there.
std::atomic<uint16_t> listening_port{0};

// Where the runtime bootstraps are: $LOCALCLOUD_RUNTIME_DIR, else
// <prefix>/share/localcloud/runtime beside an installed binary, else the
// source tree this binary was built from.
std::filesystem::path runtime_dir() {
  if (const char* dir = std::getenv("LOCALCLOUD_RUNTIME_DIR"); dir && *dir) return dir;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "localcloud" / "runtime";
    if (std::filesystem::is_directory(installed, ec)) return installed;
  }
  return LOCALCLOUD_SOURCE_RUNTIME_DIR;
}

// `length` characters of `alphabet` from the system's entropy source (a
// secret, unlike ids' fast generator).
std::string random_text(size_t length, std::string_view alphabet) {
  std::random_device entropy;
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string out(length, ' ');
  for (auto& c : out) c = alphabet[pick(entropy)];
  return out;
}

int serve(const config::Options& options) {
  nlohmann::json config_doc;
  std::filesystem::path config_dir;
  if (options.config_file) {
    try {
      config_doc = config::load_config_file(*options.config_file);
      config_dir = std::filesystem::absolute(*options.config_file).parent_path();
      provision::validate(config_doc, config_dir);
    } catch (const provision::ConfigError& e) {
      return fail("config file " + options.config_file->string() + ": " + e.what());
    } catch (const std::exception& e) {
      return fail(e.what());
    }
  }
  logging::init(*logging::parse_level(options.log_level));

  // --require-auth: the config's keys, plus one made now for handlers'
  // SDKs (given to them as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).
  std::shared_ptr<const http::SigV4Verifier> verifier;
  http::AccessKey handler_key{"ASIALOCALCLOUD000000", "localcloud-secret-access-key"};
  if (options.require_auth) {
    std::vector<http::AccessKey> keys;
    if (config_doc.contains("auth"))
      for (const auto& k : config_doc["auth"]["keys"])
        keys.push_back(
            {k["accessKeyId"].get<std::string>(), k["secretAccessKey"].get<std::string>()});
    if (keys.empty()) {
      logging::shutdown();
      return fail("--require-auth: the config file declares no keys in $.auth.keys");
    }
    handler_key = {
        "ASIALOCALCLOUD" + random_text(6, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        random_text(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")};
    keys.push_back(handler_key);
    verifier = std::make_shared<http::SigV4Verifier>(keys);
  }

  std::unique_ptr<sqlite::Store> store;
  try {
    store = sqlite::Store::open(sqlite::StoreOptions{
        options.data_dir, options.in_memory, std::max(2, options.threads + 1)});
  } catch (const std::exception& e) {
    logging::shutdown();
    return fail(std::string("cannot open the data store: ") + e.what());
  }

  http::Router router;
  if (verifier) router.require_signatures(verifier);
  router.add(std::make_shared<app::HealthService>(router));
  router.add(console::make_service());
  dynamodb::ServiceOptions dynamodb_options;
  dynamodb_options.ttl_interval = std::chrono::milliseconds(
      static_cast<int64_t>(options.ttl_interval_seconds * 1000));
  auto dynamodb_service = dynamodb::make_service(*store, dynamodb_options);
  router.add(dynamodb_service);
  auto log_store = std::make_shared<logs::LogStore>(*store);
  router.add(logs::make_service(log_store));
  std::shared_ptr<apigateway::Service> apigateway_service;
  try {
    lambda::ServiceOptions lambda_options;
    if (!options.in_memory) lambda_options.code_root = options.data_dir / "lambda";
    lambda_options.runtime_dir = runtime_dir();
    lambda_options.router = &router;
    lambda_options.default_concurrency = options.lambda_concurrency;
    lambda_options.wait_for_stream_records =
        [notifier = dynamodb::stream_notifier(dynamodb_service)](
            uint64_t seen, std::chrono::steady_clock::time_point deadline) {
          return notifier->wait_for_records(seen, deadline);
        };
    lambda_options.idle_timeout = std::chrono::seconds(options.lambda_idle_seconds);
    lambda_options.handler_access_key_id = handler_key.id;
    lambda_options.handler_secret_access_key = handler_key.secret;
    lambda_options.endpoint_url = [] {
      return "http://127.0.0.1:" + std::to_string(listening_port.load());
    };
    lambda_options.publish_logs = [log_store](const std::string& group, const std::string& stream,
                                              std::vector<lambda::LogEvent> lines) {
      std::vector<logs::Event> events;
      events.reserve(lines.size());
      for (auto& line : lines) events.push_back({line.timestamp_ms, std::move(line.message)});
      log_store->append(group, stream, std::move(events));
    };
    auto lambda_service = lambda::make_service(*store, lambda_options);
    router.add(lambda_service);
    apigateway::ServiceOptions apigateway_options;
    apigateway_options.iam_verifier = verifier;
    apigateway_service = apigateway::make_service(*store, lambda::function_invoker(lambda_service),
                                                  apigateway_options);
    router.add(apigateway_service);
  } catch (const std::exception& e) {
    log_store->close();  // commits what Lambda logged, before the store goes
    store.reset();
    logging::shutdown();
    return fail(std::string("cannot start the Lambda service: ") + e.what());
  }

  http::ServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.threads = options.threads;
  server_options.body_limit = options.body_limit;
  server_options.shutdown_grace = std::chrono::milliseconds(options.shutdown_grace_ms);
  server_options.max_connections = options.max_connections;
  server_options.header_timeout = std::chrono::milliseconds(options.header_timeout_ms);
  server_options.idle_timeout = std::chrono::milliseconds(options.idle_timeout_ms);
  http::Server server(server_options, router);
  uint16_t port;
  try {
    port = server.listen();
    listening_port = port;
  } catch (const std::system_error& e) {
    log_store->close();  // commits what Lambda logged, before the store goes
    store.reset();
    logging::shutdown();
    return fail(e.what());
  }

  auto stop_services = [&router] {
    for (const auto& service : router.services()) service->stop();
  };

  // A config is applied through the running server (seed functions call
  // back into it); the startup line waits until it is in place.
  std::unique_ptr<provision::Provisioner> provisioner;
  std::thread serving;
  if (options.config_file) {
    serving = std::thread([&] { server.run(stop_services); });
    try {
      provisioner = std::make_unique<provision::Provisioner>(config_doc, config_dir, router,
                                                             apigateway_service);
      provisioner->apply();
      provisioner->watch();
    } catch (const std::exception& e) {
      provisioner.reset();
      server.shutdown();
      serving.join();
      log_store->close();  // commits what Lambda logged, before the store goes
      store.reset();
      logging::shutdown();
      return fail("config file " + options.config_file->string() + ": " + e.what());
    }
  }

  // Before the listening line, so whoever waits for it has the warning too.
  if (!http::is_loopback_address(options.host)) {
    spdlog::warn(
        "--host {}: localcloud is reachable from the network, not only from this machine{}",
        options.host,
        options.require_auth
            ? ""
            : ", and it accepts requests without authentication (see --require-auth)");
  }

  // The one line tests and scripts wait for: machine-readable, on stdout.
  std::printf(
      "{\"event\":\"listening\",\"host\":\"%s\",\"port\":%u,\"version\":\"%s\",\"pid\":%d,"
      "\"store\":\"%s\"}\n",
      options.host.c_str(), port, kVersion, static_cast<int>(getpid()),
      store->describe().c_str());
  std::fflush(stdout);
  spdlog::info("localcloud {} listening on http://{}:{} with {} threads, store {}", kVersion,
               options.host, port, options.threads, store->describe());
  if (options.require_auth)
    spdlog::info("--require-auth: AWS API requests need a Signature Version 4 signature");

  if (serving.joinable()) {
    serving.join();
  } else {
    server.run(stop_services);
  }
  provisioner.reset();

  // Services may still hold replies for closed sessions: settle the store's
  // queue (committing every acknowledged write) before the server goes.
  log_store->close();  // commits what Lambda logged, before the store goes
  store.reset();
  spdlog::info("localcloud stopped");
  logging::shutdown();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  auto parsed = config::parse_command_line(args);
  if (!parsed.options) {
    if (parsed.exit_code == 0) {
      std::cout << parsed.output;
    } else {
      std::cerr << parsed.output << "\n";
    }
    return parsed.exit_code;
  }
  return serve(*parsed.options);
}
