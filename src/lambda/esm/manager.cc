#include "esm/manager.h"

#include <spdlog/spdlog.h>

namespace localcloud::lambda::esm {
namespace {

using nlohmann::ordered_json;

// The function's name, from the mapping's FunctionArn.
std::string function_name_of(const ordered_json& m) {
  std::string arn = m.value("FunctionArn", "");
  auto at = arn.rfind(":function:");
  return at == std::string::npos ? arn : arn.substr(at + 10);
}

PollerSettings settings_of(const ordered_json& m) {
  PollerSettings s;
  s.uuid = m["UUID"];
  s.function_name = function_name_of(m);
  s.event_source_arn = m["EventSourceArn"];
  s.starting_position = m.value("StartingPosition", "TRIM_HORIZON");
  if (m.contains("_Checkpoint")) s.checkpoint = m["_Checkpoint"].get<std::string>();
  s.batch_size = m.value("BatchSize", int64_t{100});
  s.batching_window_s = m.value("MaximumBatchingWindowInSeconds", int64_t{0});
  s.max_retry_attempts = m.value("MaximumRetryAttempts", int64_t{-1});
  s.max_record_age_s = m.value("MaximumRecordAgeInSeconds", int64_t{-1});
  s.bisect = m.value("BisectBatchOnFunctionError", false);
  if (m.contains("FilterCriteria"))
    for (const auto& f : m["FilterCriteria"].value("Filters", ordered_json::array()))
      if (auto p = FilterPattern::parse(f.value("Pattern", ""))) s.filters.push_back(std::move(*p));
  return s;
}

// Where a mapping in `state` ends up, and whether it then runs.
std::optional<std::pair<std::string, bool>> settle(const std::string& state) {
  if (state == "Creating" || state == "Enabling" || state == "Updating" || state == "Enabled")
    return std::make_pair(std::string("Enabled"), true);
  if (state == "Disabling" || state == "Disabled") return std::make_pair(std::string("Disabled"), false);
  return std::nullopt;
}

}  // namespace

Manager::Manager(storage::MappingStore& mappings, PollerHooks hooks)
    : mappings_(mappings), hooks_(std::move(hooks)) {
  for (const auto& m : mappings_.all()) queue_.push_back((*m)["UUID"]);
  thread_ = std::thread([this] { loop(); });
}

Manager::~Manager() { stop(); }

void Manager::changed(const std::string& uuid) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    queue_.push_back(uuid);
  }
  cv_.notify_one();
}

void Manager::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Manager::loop() {
  for (;;) {
    std::string uuid;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) break;
      uuid = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      reconcile(uuid);
    } catch (const std::exception& e) {
      spdlog::error("event source mapping {}: {}", uuid, e.what());
    }
  }
  pollers_.clear();  // stops and joins each
}

void Manager::reconcile(const std::string& uuid) {
  auto mapping = mappings_.find(uuid);
  auto target = mapping ? settle((*mapping).value("State", "")) : std::nullopt;
  // Every change restarts the poller with the mapping's new settings.
  pollers_.erase(uuid);
  if (!mapping || !target) return;
  if (target->second) {
    PollerHooks hooks = hooks_;
    hooks.save = [this, uuid](const std::string& checkpoint, const std::string& result) {
      mappings_.update(
          uuid,
          [checkpoint, result](ordered_json& m) {
            m["_Checkpoint"] = checkpoint;
            m["LastProcessingResult"] = result;
          },
          [](std::exception_ptr, storage::MappingPtr) {});
    };
    pollers_[uuid] = std::make_unique<Poller>(settings_of(*mapping), std::move(hooks));
  }
  if ((*mapping).value("State", "") != target->first) {
    std::string state = target->first;
    mappings_.update(
        uuid,
        [state](ordered_json& m) {
          // Only a mapping still in the state we looked at settles.
          if (settle(m.value("State", "")) && settle(m.value("State", ""))->first == state)
            m["State"] = state;
        },
        [](std::exception_ptr, storage::MappingPtr) {});
  }
}

}  // namespace localcloud::lambda::esm
