#include "integration/executor.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <span>

#include "event/codec.h"
#include "integration/http_client.h"
#include "model/validation.h"

namespace localcloud::apigateway::integration {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

constexpr std::string_view kInternal = "Internal server error";

std::string quote(std::string_view s) { return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string media_type(std::string_view content_type) {
  if (auto semi = content_type.find(';'); semi != std::string_view::npos)
    content_type = content_type.substr(0, semi);
  std::string out;
  for (char c : content_type)
    if (c != ' ' && c != '\t') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// "{a=1, b=2}", as AWS's execution log prints maps.
template <class Pairs>
std::string log_map(const Pairs& pairs) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : pairs) {
    if (!first) out += ", ";
    out += k + "=" + v;
    first = false;
  }
  return out + "}";
}

std::string log_headers(const http::Headers& headers) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& f : headers) pairs.emplace_back(f.name, f.value);
  return log_map(pairs);
}

// ${stageVariables.name} → the stage variable's value.
std::string with_stage_variables(std::string text, const std::map<std::string, std::string>& vars) {
  constexpr std::string_view kOpen = "${stageVariables.";
  size_t at = 0;
  while ((at = text.find(kOpen, at)) != std::string::npos) {
    size_t close = text.find('}', at);
    if (close == std::string::npos) break;
    std::string name = text.substr(at + kOpen.size(), close - at - kOpen.size());
    auto it = vars.find(name);
    std::string value = it == vars.end() ? "" : it->second;
    text.replace(at, close - at + 1, value);
    at += value.size();
  }
  return text;
}

// The request template for the request's content type, "" to pass the body
// through, or nullopt when the passthrough behavior refuses it (415).
std::optional<std::optional<std::string>> choose_template(const model::Integration& i,
                                                          const http::Headers& headers) {
  std::string ct = media_type(headers.find("content-type").value_or("application/json"));
  if (ct.empty()) ct = "application/json";
  if (i.request_templates.empty()) {
    if (i.passthrough_behavior == "NEVER") return std::nullopt;
    return std::optional<std::string>();
  }
  for (const auto& [type, text] : i.request_templates)
    if (media_type(type) == ct) return std::optional<std::string>(text);
  if (i.passthrough_behavior == "WHEN_NO_MATCH") return std::optional<std::string>();
  return std::nullopt;
}

// Proxy event documents that in-process invocations are done with, kept to
// build the next events in (event::proxy_event_document reuses their nodes
// and buffers). Any thread gives back; a few dozen are enough for the
// invocations in flight at once.
class DocumentPool {
 public:
  static DocumentPool& instance() {
    static auto* pool = new DocumentPool;  // never destroyed: documents outlive statics
    return *pool;
  }

  std::shared_ptr<const nlohmann::ordered_json> build(const event::RequestInfo& request) {
    std::unique_ptr<nlohmann::ordered_json> document;
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        document = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!document) document = std::make_unique<nlohmann::ordered_json>();
    event::proxy_event_document(request, *document);
    return std::shared_ptr<const nlohmann::ordered_json>(
        document.release(), [](const nlohmann::ordered_json* d) {
          instance().give(const_cast<nlohmann::ordered_json*>(d));
        });
  }

 private:
  static constexpr size_t kKept = 64;
  // A large body's buffer is not kept for the next event.
  static constexpr size_t kLargestKeptBody = 64 * 1024;

  void give(nlohmann::ordered_json* d) {
    std::unique_ptr<nlohmann::ordered_json> document(d);
    if (auto it = document->find("body");
        it != document->end() && it->is_string() &&
        it->get_ref<const std::string&>().capacity() > kLargestKeptBody)
      return;
    std::lock_guard lock(mu_);
    if (free_.size() < kKept) free_.push_back(std::move(document));
  }

  std::mutex mu_;
  std::vector<std::unique_ptr<nlohmann::ordered_json>> free_;
};

// The proxy event in whichever form the function's runtime takes: text for
// a runtime process, a document for an in-process handler.
class ProxyEvent final : public lambda::Event {
 public:
  explicit ProxyEvent(const event::RequestInfo& request) : request_(request) {}
  std::string text() const override { return event::proxy_event(request_); }
  std::shared_ptr<const nlohmann::ordered_json> document() const override {
    return DocumentPool::instance().build(request_);
  }

 private:
  const event::RequestInfo& request_;
};

const model::IntegrationResponse* select_response(const model::Integration& i,
                                                  const std::optional<std::string>& subject) {
  const model::IntegrationResponse* fallback = nullptr;
  for (const auto& [code, r] : i.responses) {
    if (!r.selection_pattern || r.selection_pattern->empty()) {
      if (!fallback) fallback = &r;
      continue;
    }
    if (!subject) continue;
    try {
      if (std::regex_match(*subject, std::regex(*r.selection_pattern))) return &r;
    } catch (const std::regex_error&) {
    }
  }
  return fallback;
}

}  // namespace

void remap_integration_headers(http::Headers& headers, std::string_view type) {
  static constexpr std::string_view kProxyRemapped[] = {"Connection", "Content-Length", "Date",
                                                        "Server"};
  static constexpr std::string_view kNonProxyRemapped[] = {
      "Connection", "Content-Length", "Date", "Server", "Authorization", "Content-MD5", "Expect",
      "Host", "Max-Forwards", "Proxy-Authenticate", "Trailer", "Upgrade", "User-Agent",
      "WWW-Authenticate"};
  static constexpr std::string_view kDropped[] = {"Transfer-Encoding"};
  // AWS also drops an HTTP_PROXY backend's Content-Encoding, having decoded
  // the body; localcloud passes the body as it came, so it keeps the field.
  static constexpr std::string_view kDroppedHttpProxy[] = {"Transfer-Encoding", "Via",
                                                           "Keep-Alive"};
  bool non_proxy = type == "AWS" || type == "HTTP";
  std::span<const std::string_view> remapped =
      non_proxy ? std::span<const std::string_view>(kNonProxyRemapped) : kProxyRemapped;
  std::span<const std::string_view> dropped =
      type == "HTTP_PROXY" ? std::span<const std::string_view>(kDroppedHttpProxy) : kDropped;
  auto named = [](std::span<const std::string_view> names, std::string_view name) {
    for (auto n : names)
      if (http::iequals(n, name)) return n;
    return std::string_view();
  };
  bool touched = false;
  for (const auto& f : headers)
    touched = touched || !named(remapped, f.name).empty() || !named(dropped, f.name).empty();
  if (!touched) return;
  http::Headers out;
  out.reserve(headers.size());
  for (const auto& f : headers) {
    if (!named(dropped, f.name).empty()) continue;
    auto canonical = named(remapped, f.name);
    if (canonical.empty()) {
      out.add(f.name, f.value);
    } else if (!f.value.empty()) {
      out.add("x-amzn-Remapped-" + std::string(canonical), f.value);
    }
  }
  headers = std::move(out);
}

Result gateway_error(int status, std::string_view type, std::string_view message) {
  Result r;
  r.status = status;
  r.body = "{\"message\":" + quote(message) + "}";
  r.headers.add("Content-Type", "application/json");
  r.headers.add("x-amzn-ErrorType", std::string(type));
  return r;
}

struct Executor::Job {
  Invocation inv;
  std::function<void(Result)> done;
  std::atomic<bool> finished{false};
  Clock::time_point integration_started = Clock::now();
  std::mutex log_mu;
  std::vector<std::string> log;
  Workers* workers = nullptr;
  std::optional<Workers::TimerId> timer;  // set before the integration starts

  const model::Integration& integration() const { return *inv.method->integration; }
  const event::RequestInfo& request() const { return inv.request; }

  // Adds the line `text()` makes to the execution log, if there is one.
  template <class Text>
  void note(Text&& text) {
    if (!inv.execution_log) return;
    std::string line = text();
    std::lock_guard lock(log_mu);
    log.push_back(std::move(line));
  }
  int64_t latency() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - integration_started)
        .count();
  }
  // The first result wins (the integration's or the timeout's).
  void finish(Result r, bool success) {
    if (finished.exchange(true)) return;
    if (timer) workers->cancel(*timer);
    r.integration_latency_ms = latency();
    if (success) remap_integration_headers(r.headers, integration().type);
    if (inv.execution_log) {
      std::lock_guard lock(log_mu);
      if (success) {
        log.push_back("Method response body after transformations: " + r.body);
        log.push_back("Method response headers: " + log_headers(r.headers));
        log.push_back("Successfully completed execution");
      }
      log.push_back("Method completed with status: " + std::to_string(r.status));
      r.log = std::move(log);
    }
    done(std::move(r));
  }
  void fail(Result r, std::string why) {
    note([&] { return std::move(why); });
    finish(std::move(r), false);
  }
  // Maps a selected integration response to the method's response.
  void respond_with(const model::IntegrationResponse* selected, std::string body,
                    const std::string& subject) {
    if (!selected)
      return fail(gateway_error(500, "InternalServerErrorException", kInternal),
                  "Execution failed due to configuration error: No match for output mapping and "
                  "no default output mapping configured. Endpoint Response Status Code: " +
                      subject);
    Result r;
    r.status = std::stoi(selected->status_code);
    if (selected->response_templates) {
      auto it = selected->response_templates->find("application/json");
      if (it == selected->response_templates->end())
        it = selected->response_templates->begin();
      if (it != selected->response_templates->end() && it->second) body = *it->second;
    }
    r.body = std::move(body);
    r.headers.add("Content-Type", "application/json");
    constexpr std::string_view kHeader = "method.response.header.";
    for (const auto& [name, value] : selected->response_parameters)
      if (name.starts_with(kHeader) && model::is_static_parameter(value))
        r.headers.set(name.substr(kHeader.size()), value.substr(1, value.size() - 2));
    finish(std::move(r), true);
  }
};

Executor::Executor(std::shared_ptr<lambda::FunctionInvoker> invoker, int http_threads)
    : invoker_(std::move(invoker)), workers_(http_threads) {}

Executor::~Executor() { stop(); }

void Executor::stop() { workers_.stop(); }

void Executor::run(Invocation invocation, std::function<void(Result)> done) {
  auto job = std::make_shared<Job>();
  job->inv = std::move(invocation);
  job->done = std::move(done);
  const auto& req = job->request();
  job->note([&] { return "HTTP Method: " + req.http_method + ", Resource Path: " + req.path; });
  job->note([&] { return "Method request path: " + log_map(req.path_params); });
  job->note([&] {
    return "Method request query string: " + log_map(event::parse_query(req.query));
  });
  job->note([&] { return "Method request headers: " + log_headers(req.headers); });
  job->note([&] { return "Method request body before transformations: " + req.body; });

  const auto& type = job->integration().type;
  if (type == "AWS_PROXY" || type == "AWS") {
    int timeout = job->integration().timeout_ms;
    job->workers = &workers_;
    // The timer holds the job weakly: a finished job cancels it anyway.
    job->timer = workers_.after(std::chrono::milliseconds(timeout), [weak = std::weak_ptr(job)] {
      if (auto job = weak.lock())
        job->fail(gateway_error(504, "InternalServerErrorException", "Endpoint request timed out"),
                  "Execution failed due to a timeout error");
    });
    return run_lambda(std::move(job), type == "AWS_PROXY");
  }
  if (type == "MOCK") return run_mock(std::move(job));
  run_http(std::move(job), type == "HTTP_PROXY");
}

void Executor::run_lambda(std::shared_ptr<Job> job, bool proxy) {
  const auto& i = job->integration();
  const auto& req = job->request();
  std::string uri = with_stage_variables(i.uri.value_or(""), req.stage_variables);
  auto function = model::lambda_function_of(uri);
  if (!function)
    return job->fail(gateway_error(500, "InternalServerErrorException", kInternal),
                     "Execution failed due to configuration error: Invalid endpoint address");
  auto on_result = [job, proxy](lambda::InvocationResult r) {
    if (r.error) {
      return job->fail(gateway_error(500, "InternalServerErrorException", kInternal),
                       "Lambda invocation failed with status: " + std::to_string(r.error->status()) +
                           ". Lambda request id: " + r.request_id + ": " + r.error->message());
    }
    job->note([&] {
      return "Received response. Status: 200, Integration latency: " +
             std::to_string(job->latency()) + " ms";
    });
    job->note([&] {
      return "Endpoint response body before transformations: " +
             (r.document ? r.document->dump() : r.payload);
    });
    if (proxy) {
      if (r.function_error)
        return job->fail(gateway_error(502, "InternalServerErrorException", kInternal),
                         "Lambda execution failed with status 200 due to customer function error: " +
                             r.payload);
      bool binary = event::is_binary(job->request().headers.find("accept").value_or(""),
                                     job->request().binary_media_types);
      auto response = r.document ? event::parse_proxy_document(std::move(*r.document), binary)
                                 : event::parse_proxy_response(r.payload, binary);
      if (!response)
        return job->fail(gateway_error(502, "InternalServerErrorException", kInternal),
                         "Execution failed due to configuration error: Malformed Lambda proxy "
                         "response");
      Result out;
      out.status = response->status;
      out.headers = std::move(response->headers);
      out.body = std::move(response->body);
      return job->finish(std::move(out), true);
    }
    std::optional<std::string> error_message;
    if (r.function_error) {
      Json j = Json::parse(r.payload, nullptr, false);
      error_message = j.is_object() && j.contains("errorMessage") && j["errorMessage"].is_string()
                          ? j["errorMessage"].get<std::string>()
                          : std::string();
    }
    job->respond_with(select_response(job->integration(), error_message), std::move(r.payload),
                      "200");
  };

  if (proxy) {
    ProxyEvent event(req);
    job->note([&] { return "Endpoint request URI: " + uri; });
    job->note([&] { return "Endpoint request body after transformations: " + event.text(); });
    job->note([&] { return "Sending request to " + uri; });
    job->integration_started = Clock::now();
    return invoker_->invoke_event(*function, event, std::move(on_result));
  }
  auto chosen = choose_template(i, req.headers);
  if (!chosen)
    return job->fail(gateway_error(415, "UnsupportedMediaTypeException", "Unsupported Media Type"),
                     "Execution failed: the request's content type has no mapping template and "
                     "the passthrough behavior is " + i.passthrough_behavior);
  std::string payload = *chosen ? **chosen : req.body;
  job->note([&] { return "Endpoint request URI: " + uri; });
  job->note([&] { return "Endpoint request body after transformations: " + payload; });
  job->note([&] { return "Sending request to " + uri; });
  job->integration_started = Clock::now();
  invoker_->invoke(*function, std::move(payload), std::move(on_result));
}

void Executor::run_mock(std::shared_ptr<Job> job) {
  const auto& i = job->integration();
  auto chosen = choose_template(i, job->request().headers);
  if (!chosen)
    return job->fail(gateway_error(415, "UnsupportedMediaTypeException", "Unsupported Media Type"),
                     "Execution failed: no mapping template for the request's content type");
  std::string request = *chosen ? **chosen : job->request().body;
  int status = 200;
  if (auto mocked = model::mock_status_of(request)) {
    status = *mocked;
  } else {
    Json j = Json::parse(request, nullptr, false);
    if (j.is_object() && j.contains("statusCode") && j["statusCode"].is_number_integer())
      status = j["statusCode"].get<int>();
  }
  std::string code = std::to_string(status);
  job->note([] { return std::string("Endpoint response body before transformations: "); });
  job->respond_with(select_response(i, code), "", code);
}

void Executor::run_http(std::shared_ptr<Job> job, bool proxy) {
  const auto& i = job->integration();
  const auto& req = job->request();
  std::string url = with_stage_variables(i.uri.value_or(""), req.stage_variables);
  // {name} in the URI: the path parameter a requestParameters mapping
  // (integration.request.path.name = method.request.path.x) names, else
  // the path parameter called name.
  size_t at = 0;
  while ((at = url.find('{', at)) != std::string::npos) {
    size_t close = url.find('}', at);
    if (close == std::string::npos) break;
    std::string name = url.substr(at + 1, close - at - 1);
    std::string source = name;
    if (i.request_parameters.is_object()) {
      auto it = i.request_parameters.find("integration.request.path." + name);
      constexpr std::string_view kFrom = "method.request.path.";
      if (it != i.request_parameters.end() && it->is_string() &&
          it->get<std::string>().starts_with(kFrom))
        source = it->get<std::string>().substr(kFrom.size());
    }
    std::string value;
    for (const auto& [k, v] : req.path_params)
      if (k == source) value = v;
    url.replace(at, close - at + 1, value);
    at += value.size();
  }
  if (!req.query.empty()) url += (url.find('?') == std::string::npos ? "?" : "&") + req.query;
  std::string method = i.http_method.value_or(req.http_method);
  if (method == "ANY") method = req.http_method;

  std::string body = req.body;
  if (!proxy) {
    auto chosen = choose_template(i, req.headers);
    if (!chosen)
      return job->fail(gateway_error(415, "UnsupportedMediaTypeException", "Unsupported Media Type"),
                       "Execution failed: no mapping template for the request's content type");
    if (*chosen) body = **chosen;
  }
  job->note([&] { return "Endpoint request URI: " + url; });
  job->note([&] { return "Endpoint request body after transformations: " + body; });
  job->note([&] { return "Sending request to " + url; });
  auto timeout = std::chrono::milliseconds(i.timeout_ms);
  job->integration_started = Clock::now();
  workers_.post([job, url, method, body = std::move(body), timeout, proxy] {
    HttpResult r;
    try {
      r = http_request(method, url, proxy ? job->request().headers : http::Headers(), body, timeout);
    } catch (const std::exception& e) {
      r.outcome = HttpResult::Status::kFailed;
      r.error = e.what();
    }
    if (r.outcome == HttpResult::Status::kTimedOut)
      return job->fail(gateway_error(504, "InternalServerErrorException", "Endpoint request timed out"),
                       "Execution failed due to a timeout error");
    if (r.outcome != HttpResult::Status::kOk)
      return job->fail(gateway_error(500, "InternalServerErrorException", kInternal),
                       "Execution failed due to configuration error: " + r.error);
    job->note([&] {
      return "Received response. Status: " + std::to_string(r.status) +
             ", Integration latency: " + std::to_string(job->latency()) + " ms";
    });
    job->note([&] { return "Endpoint response body before transformations: " + r.body; });
    if (!proxy)
      return job->respond_with(select_response(job->integration(), std::to_string(r.status)),
                               std::move(r.body), std::to_string(r.status));
    Result out;
    out.status = r.status;
    out.headers = std::move(r.headers);  // finish() drops and renames what AWS does
    out.body = std::move(r.body);
    job->finish(std::move(out), true);
  });
}

}  // namespace localcloud::apigateway::integration
