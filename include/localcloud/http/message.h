// Request and Response as services see them: plain structs with no Beast
// types, so service modules compile without Boost. The http module converts
// to and from the wire.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localcloud::http {

// Ordered header fields; names compare case-insensitively, as HTTP says.
class Headers {
 public:
  struct Field {
    std::string name;
    std::string value;
  };

  // The first field called `name`, or nullopt.
  std::optional<std::string_view> find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name).has_value(); }
  // Appends a field (a repeated field keeps every value).
  void add(std::string name, std::string value);
  void reserve(size_t n) { fields_.reserve(n); }
  // Replaces every field called `name` with one.
  void set(std::string_view name, std::string value);
  void remove(std::string_view name);

  const std::vector<Field>& fields() const { return fields_; }
  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }
  size_t size() const { return fields_.size(); }

 private:
  std::vector<Field> fields_;
};

bool iequals(std::string_view a, std::string_view b);

struct Request {
  std::string id;      // the request id (UUID) answered in x-amzn-RequestId
  std::string method;  // "GET", "POST", ...
  std::string target;  // the raw request-target: path and query
  Headers headers;
  std::string body;
  std::string remote_address;
  std::chrono::steady_clock::time_point received;
  // Made inside the server (call_local), not read from a socket: never
  // asked for a signature.
  bool internal = false;

  // The target up to '?', and after it ("" when absent). Not decoded.
  std::string_view path() const;
  std::string_view query() const;
  // Host header without port, lowercased by the sender as it pleases.
  std::string_view host() const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // A response with Content-Type set and the body given.
  static Response with_body(int status, std::string content_type, std::string body);
};

// Completes one exchange. Call exactly once, from any thread; the session
// writes the response on its connection's thread. Extra calls are ignored.
using Respond = std::function<void(Response)>;

// Anything that answers requests: a service, a router, a test double.
class Handler {
 public:
  virtual ~Handler() = default;
  // May respond before returning or later from another thread. Exceptions
  // that escape become a 500 InternalServerError written by the session.
  virtual void handle(Request request, Respond respond) = 0;
};

}  // namespace localcloud::http
