#include <map>
#include <mutex>

#include "invoke/log_format.h"
#include "localcloud/lambda/native.h"

namespace localcloud::lambda::native {
namespace {

struct Registry {
  std::mutex mu;
  std::map<std::string, Handler, std::less<>> handlers;
};

// Built on first use: registrations run during static initialisation.
Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void register_handler(std::string name, Handler handler) {
  auto& r = registry();
  std::lock_guard lock(r.mu);
  r.handlers[std::move(name)] = std::move(handler);
}

const Handler* find_handler(std::string_view name) {
  auto& r = registry();
  std::lock_guard lock(r.mu);
  auto it = r.handlers.find(name);
  return it == r.handlers.end() ? nullptr : &it->second;
}

int64_t Context::remaining_time_ms() const {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return std::max<int64_t>(0, left.count());
}

void Context::log(std::string_view message, std::string_view level) {
  if (!write_log) return;
  write_log(invoke::iso_time(invoke::epoch_ms()) + "\t" + aws_request_id + "\t" +
            std::string(level) + "\t" + std::string(message));
}

Json Context::call(std::string_view target, const Json& request) {
  if (!caller) throw Error("Runtime.Unavailable", "no in-process service caller");
  return caller(target, request);
}

}  // namespace localcloud::lambda::native
