#include "event/proxy.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "event/codec.h"
#include "localcloud/core/base64.h"
#include "localcloud/core/json_text.h"
#include "localcloud/core/utf8.h"

namespace localcloud::apigateway::event {
namespace {

using Json = nlohmann::ordered_json;

// A header value as AWS renders a JSON scalar: strings as they are, numbers
// and booleans as their JSON text.
std::optional<std::string> header_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  return std::nullopt;
}

std::optional<int> status_of(const Json& v) {
  if (v.is_null()) return 200;
  long long n = 0;
  if (v.is_number_integer()) {
    n = v.get<long long>();
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    if (d != static_cast<double>(static_cast<long long>(d))) return std::nullopt;
    n = static_cast<long long>(d);
  } else if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > 3) return std::nullopt;
    for (char c : s)
      if (c < '0' || c > '9') return std::nullopt;
    n = std::stoll(s);
  } else {
    return std::nullopt;
  }
  if (n < 100 || n > 599) return std::nullopt;
  return static_cast<int>(n);
}

// A string as the JSON library writes it when told to replace what is not
// UTF-8 (with U+FFFD): the one case left to the library itself.
std::string library_quoted(std::string_view s) {
  return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Writes JSON text byte for byte as ordered_json::dump(-1, ' ', false,
// replace) would write the same document, without building it.
class TextOut {
 public:
  TextOut() { out_.reserve(2048); }
  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view k) {
    if (comma_) out_ += ',';
    quoted(k);
    out_ += ':';
    comma_ = false;
  }
  void string(std::string_view s) {
    value();
    quoted(s);
  }
  void null() {
    value();
    out_ += "null";
  }
  void boolean(bool b) {
    value();
    out_ += b ? "true" : "false";
  }
  void integer(int64_t n) {
    value();
    out_ += std::to_string(n);
  }
  std::string take() { return std::move(out_); }

 private:
  void value() {
    if (comma_) out_ += ',';
    comma_ = true;
  }
  void open(char c) {
    if (comma_) out_ += ',';
    out_ += c;
    comma_ = false;
  }
  void close(char c) {
    out_ += c;
    comma_ = true;
  }
  void quoted(std::string_view s) {
    for (char c : s)
      if (static_cast<unsigned char>(c) >= 0x80) {
        if (!utf8::valid(s)) {
          out_ += library_quoted(s);
          return;
        }
        break;
      }
    json_text::append_string(out_, s);
  }

  std::string out_;
  bool comma_ = false;
};

// Builds the document TextOut's text would parse to: strings that are not
// UTF-8 get the library's replacement characters, as in the text.
//
// It writes into a document it is given, reusing what is there: a member
// whose key matches the next one written keeps its node, a string its
// buffer. Events of one API have the same shape request after request, so
// building into the last event's document allocates almost nothing, where
// a new document took some hundred allocations (and as many frees when the
// invocation ended). Whatever the old document had beyond what is written
// goes.
class DocumentOut {
 public:
  explicit DocumentOut(Json& root) : root_(root) {}

  void begin_object() {
    Json& object = slot();
    if (!object.is_object()) {
      object = Json::object();
      // Members are added at the end, never moved: objects were copied
      // member by member, children included, each time one grew (a
      // member's key is const, so the vector cannot move them).
      members(object).reserve(kMembers);
    }
    stack_.push_back(Frame{&object, 0});
  }
  void end_object() {
    auto& m = members(*stack_.back().node);
    while (m.size() > stack_.back().next) m.pop_back();
    stack_.pop_back();
  }
  void begin_array() {
    Json& array = slot();
    if (!array.is_array()) array = Json::array();
    stack_.push_back(Frame{&array, 0});
  }
  void end_array() {
    auto& a = array_elements(*stack_.back().node);
    a.resize(stack_.back().next);
    stack_.pop_back();
  }
  // `k` is kept as a view until the member's value is written: callers
  // write the value next, from data that outlives the event's building.
  void key(std::string_view k) {
    if (utf8::valid(k)) {
      key_ = k;
    } else {
      key_text_ = replaced(k);
      key_ = key_text_;
    }
  }
  void string(std::string_view s) {
    Json& v = slot();
    if (!utf8::valid(s)) {
      v = replaced(s);
    } else if (v.is_string()) {
      v.get_ref<std::string&>().assign(s);
    } else {
      v = std::string(s);
    }
  }
  void null() { slot() = nullptr; }
  void boolean(bool b) { slot() = b; }
  void integer(int64_t n) { slot() = n; }

 private:
  static constexpr size_t kMembers = 16;  // the event's largest fixed object

  struct Frame {
    Json* node;
    size_t next;  // members or elements written so far
  };

  static Json::object_t::Container& members(Json& object) {
    return object.get_ref<Json::object_t&>();
  }
  static Json::array_t& array_elements(Json& array) { return array.get_ref<Json::array_t&>(); }
  static std::string replaced(std::string_view s) {
    return Json::parse(library_quoted(s)).get<std::string>();
  }
  // The node the next value goes to: the root, the array's next element,
  // or the object member the last key() named.
  Json& slot() {
    if (stack_.empty()) return root_;
    Frame& f = stack_.back();
    size_t at = f.next++;
    if (f.node->is_array()) {
      auto& a = array_elements(*f.node);
      if (at < a.size()) return a[at];
      return a.emplace_back();
    }
    // Names are unique (write_pairs sees to it): no need to look for one.
    auto& m = members(*f.node);
    if (at < m.size() && m[at].first == key_) return m[at].second;
    while (m.size() > at) m.pop_back();
    return m.emplace_back(std::string(key_), nullptr).second;
  }

  Json& root_;
  std::vector<Frame> stack_;
  std::string_view key_;
  std::string key_text_;  // key_'s storage when it had to be replaced
};

// name → value pairs as a JSON object holds them: one member per name
// (compared exactly), where the name first appears, with its last value.
// Or, `multi`, with all its values as an array.
template <class Out, class Pairs>
void write_pairs(Out& out, const Pairs& pairs, bool multi) {
  out.begin_object();
  for (auto it = pairs.begin(); it != pairs.end(); ++it) {
    std::string_view name = std::get<0>(*it);
    bool seen = false;
    for (auto before = pairs.begin(); before != it && !seen; ++before)
      seen = std::get<0>(*before) == name;
    if (seen) continue;
    out.key(name);
    if (multi) out.begin_array();
    std::string_view last;
    for (auto same = it; same != pairs.end(); ++same) {
      if (std::get<0>(*same) != name) continue;
      if (multi) out.string(std::get<1>(*same));
      last = std::get<1>(*same);
    }
    if (multi)
      out.end_array();
    else
      out.string(last);
  }
  out.end_object();
}

template <class Out>
void write_event(Out& out, const RequestInfo& r) {
  auto nullable = [&out](std::string_view s) {
    if (s.empty())
      out.null();
    else
      out.string(s);
  };
  auto header_pairs = [&r] {
    std::vector<std::pair<std::string_view, std::string_view>> pairs;
    pairs.reserve(r.headers.size());
    for (const auto& f : r.headers) pairs.emplace_back(f.name, f.value);
    return pairs;
  };
  out.begin_object();
  out.key("resource");
  out.string(r.resource_path);
  out.key("path");
  out.string(r.path);
  out.key("httpMethod");
  out.string(r.http_method);

  auto headers = header_pairs();
  out.key("headers");
  write_pairs(out, headers, false);
  out.key("multiValueHeaders");
  write_pairs(out, headers, true);

  auto query = r.query.empty() ? std::vector<std::pair<std::string, std::string>>()
                               : parse_query(r.query);
  out.key("queryStringParameters");
  if (query.empty())
    out.null();
  else
    write_pairs(out, query, false);
  out.key("multiValueQueryStringParameters");
  if (query.empty())
    out.null();
  else
    write_pairs(out, query, true);

  out.key("pathParameters");
  if (r.path_params.empty())
    out.null();
  else
    write_pairs(out, r.path_params, false);
  out.key("stageVariables");
  if (r.stage_variables.empty())
    out.null();
  else
    write_pairs(out, r.stage_variables, false);

  out.key("requestContext");
  out.begin_object();
  for (auto [k, v] : {std::pair<std::string_view, std::string_view>{"accountId", r.account_id},
                      {"apiId", r.api_id},
                      {"deploymentId", r.deployment_id},
                      {"domainName", r.domain_name},
                      {"domainPrefix", std::string_view(r.domain_name).substr(
                                           0, r.domain_name.find('.'))},
                      {"extendedRequestId", r.extended_request_id},
                      {"httpMethod", r.http_method}}) {
    out.key(k);
    out.string(v);
  }
  out.key("identity");
  out.begin_object();
  for (std::string_view k : {"accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                             "cognitoAuthenticationType", "cognitoIdentityId",
                             "cognitoIdentityPoolId", "principalOrgId"}) {
    out.key(k);
    out.null();
  }
  out.key("sourceIp");
  out.string(r.source_ip);
  out.key("user");
  out.null();
  out.key("userAgent");
  nullable(r.headers.find("user-agent").value_or(""));
  out.key("userArn");
  out.null();
  out.end_object();
  out.key("path");
  out.string(r.context_path);
  out.key("protocol");
  out.string("HTTP/1.1");
  out.key("requestId");
  out.string(r.request_id);
  out.key("requestTime");
  out.string(request_time(r.time_ms));
  out.key("requestTimeEpoch");
  out.integer(r.time_ms);
  out.key("resourceId");
  out.string(r.resource_id);
  out.key("resourcePath");
  out.string(r.resource_path);
  out.key("stage");
  out.string(r.stage);
  out.end_object();

  bool binary = !r.body.empty() &&
                is_binary(r.headers.find("content-type").value_or(""), r.binary_media_types);
  out.key("body");
  if (r.body.empty())
    out.null();
  else if (binary)
    out.string(base64::encode(r.body));
  else
    out.string(r.body);
  out.key("isBase64Encoded");
  out.boolean(binary);
  out.end_object();
}

}  // namespace

std::string request_time(int64_t time_ms) {
  std::time_t secs = static_cast<std::time_t>(time_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  return buf;
}

std::string proxy_event(const RequestInfo& r) {
  TextOut out;
  write_event(out, r);
  return out.take();
}

Json proxy_event_document(const RequestInfo& r) {
  Json document;
  proxy_event_document(r, document);
  return document;
}

void proxy_event_document(const RequestInfo& r, Json& into) {
  DocumentOut out(into);
  write_event(out, r);
}

std::optional<ProxyResponse> parse_proxy_response(std::string_view payload, bool decode_base64) {
  Json j = Json::parse(payload, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return parse_proxy_document(std::move(j), decode_base64);
}

std::optional<ProxyResponse> parse_proxy_document(Json j, bool decode_base64) {
  if (!j.is_object()) return std::nullopt;
  for (const auto& [key, value] : j.items())
    if (key != "statusCode" && key != "headers" && key != "multiValueHeaders" && key != "body" &&
        key != "isBase64Encoded")
      return std::nullopt;

  ProxyResponse out;
  auto code = j.find("statusCode");
  auto status = status_of(code != j.end() ? *code : Json());
  if (!status) return std::nullopt;
  out.status = *status;

  if (auto it = j.find("multiValueHeaders"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return std::nullopt;
    for (const auto& [name, values] : it->items()) {
      if (values.is_null()) continue;
      if (!values.is_array()) return std::nullopt;
      for (const auto& v : values) {
        auto text = header_text(v);
        if (!text) return std::nullopt;
        out.headers.add(name, *text);
      }
    }
  }
  if (auto it = j.find("headers"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return std::nullopt;
    for (const auto& [name, v] : it->items()) {
      if (v.is_null()) continue;
      auto text = header_text(v);
      if (!text) return std::nullopt;
      out.headers.add(name, *text);
    }
  }

  bool base64 = false;
  if (auto it = j.find("isBase64Encoded"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) return std::nullopt;
    base64 = it->get<bool>();
  }
  if (auto it = j.find("body"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return std::nullopt;
    out.body = std::move(it->get_ref<std::string&>());
    if (base64 && decode_base64) {
      auto decoded = base64::decode(out.body);
      if (!decoded) return std::nullopt;
      out.body = std::move(*decoded);
    }
  }
  if (!out.headers.contains("content-type")) out.headers.add("Content-Type", "application/json");
  return out;
}

}  // namespace localcloud::apigateway::event
