#include "esm/poller.h"

#include <spdlog/spdlog.h>

#include <future>

#include "localcloud/lambda/native.h"
#include "native/caller.h"

namespace localcloud::lambda::esm {
namespace {

// Records keep their members' order (eventID first, as AWS sends them).
using json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr auto kCallTimeout = std::chrono::seconds(10);
// How long a wait for commits lasts before the poller looks at stop().
constexpr auto kWaitSlice = std::chrono::milliseconds(500);
constexpr auto kMaxBackoff = std::chrono::seconds(10);
// An idle poller reads again after this long even without a commit signal.
constexpr auto kIdleReread = std::chrono::seconds(30);
// How long a poller waits before reopening a stream it could not read.
constexpr auto kReopenDelay = std::chrono::seconds(1);
constexpr int64_t kStreamRetentionS = 24 * 60 * 60;

json call(http::Handler& router, const char* op, const json& request) {
  return native::call_service(router, std::string("DynamoDBStreams_20120810.") + op, request,
                              Clock::now() + kCallTimeout);
}

}  // namespace

Poller::Poller(PollerSettings settings, PollerHooks hooks)
    : settings_(std::move(settings)), hooks_(std::move(hooks)) {
  thread_ = std::thread([this] { run(); });
}

Poller::~Poller() { stop(); }

void Poller::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Poller::sleep_until(Clock::time_point deadline) {
  std::unique_lock lock(mu_);
  cv_.wait_until(lock, deadline, [this] { return stopping_.load(); });
  return !stopping_;
}

bool Poller::open_iterator() {
  try {
    json d = call(*hooks_.router, "DescribeStream", {{"StreamArn", settings_.event_source_arn}});
    const auto& shards = d["StreamDescription"]["Shards"];
    if (shards.empty()) return false;
    json request = {{"StreamArn", settings_.event_source_arn},
                    {"ShardId", shards[0]["ShardId"]}};
    if (settings_.checkpoint) {
      request["ShardIteratorType"] = "AFTER_SEQUENCE_NUMBER";
      request["SequenceNumber"] = *settings_.checkpoint;
    } else {
      request["ShardIteratorType"] = settings_.starting_position;
    }
    try {
      iterator_ = call(*hooks_.router, "GetShardIterator", request)["ShardIterator"].get<std::string>();
    } catch (const native::Error& e) {
      if (e.type() != "TrimmedDataAccessException") throw;
      request.erase("SequenceNumber");
      request["ShardIteratorType"] = "TRIM_HORIZON";
      iterator_ = call(*hooks_.router, "GetShardIterator", request)["ShardIterator"].get<std::string>();
    }
    shard_closed_ = false;
    return true;
  } catch (const std::exception& e) {
    spdlog::debug("event source mapping {}: cannot open {}: {}", settings_.uuid,
                  settings_.event_source_arn, e.what());
    return false;
  }
}

std::vector<json> Poller::read(size_t limit) {
  std::vector<json> out;
  if (!iterator_ && !open_iterator()) return out;
  try {
    json r = call(*hooks_.router, "GetRecords",
                  {{"ShardIterator", *iterator_}, {"Limit", static_cast<int64_t>(limit)}});
    for (auto& record : r["Records"]) out.push_back(std::move(record));
    if (r.contains("NextShardIterator")) {
      iterator_ = r["NextShardIterator"].get<std::string>();
    } else {
      iterator_.reset();
      shard_closed_ = true;
    }
  } catch (const std::exception& e) {
    // Expired, trimmed or vanished: reopen from the checkpoint next time.
    spdlog::debug("event source mapping {}: GetRecords failed: {}", settings_.uuid, e.what());
    iterator_.reset();
  }
  return out;
}

bool Poller::invoke(const std::vector<json>& batch) {
  json payload = {{"Records", batch}};
  auto promise = std::make_shared<std::promise<InvocationResult>>();
  auto future = promise->get_future();
  hooks_.invoke(settings_.function_name, payload.dump(),
                [promise](InvocationResult r) { promise->set_value(std::move(r)); });
  while (future.wait_for(kWaitSlice) != std::future_status::ready)
    if (stopping_) return false;
  InvocationResult r = future.get();
  if (r.error) {
    spdlog::warn("event source mapping {}: invoking {} failed: {}", settings_.uuid,
                 settings_.function_name, r.error->what());
    return false;
  }
  return !r.function_error;
}

bool Poller::expired(const std::vector<json>& batch) const {
  int64_t max_age = settings_.max_record_age_s < 0 ? kStreamRetentionS : settings_.max_record_age_s;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  int64_t created = batch.front()["dynamodb"].value("ApproximateCreationDateTime", now);
  return now - created > max_age;
}

bool Poller::deliver(const std::vector<json>& batch, int64_t& retries) {
  for (;;) {
    if (invoke(batch)) return true;
    if (stopping_) return false;
    if (expired(batch)) {  // dropped, as AWS drops records past their age
      dropped_ = true;
      return true;
    }
    ++retries;
    if (settings_.max_retry_attempts >= 0 && retries > settings_.max_retry_attempts) {
      dropped_ = true;
      return true;
    }
    if (settings_.bisect && batch.size() > 1) {
      size_t half = batch.size() / 2;
      std::vector<json> first(batch.begin(), batch.begin() + half);
      std::vector<json> second(batch.begin() + half, batch.end());
      return deliver(first, retries) && deliver(second, retries);
    }
    auto backoff = std::min<Clock::duration>(std::chrono::milliseconds(500) * (1LL << std::min<int64_t>(retries - 1, 5)),
                                             kMaxBackoff);
    if (!sleep_until(Clock::now() + backoff)) return false;
  }
}

void Poller::run() {
  while (!stopping_) {
    auto batch = read(static_cast<size_t>(settings_.batch_size));
    if (batch.empty()) {
      if (!iterator_ || shard_closed_) {  // the stream is gone or closed: look again later
        sleep_until(Clock::now() + kReopenDelay);
        continue;
      }
      // Nothing yet: read again only once a commit carried records (or after
      // a long while, in case one was missed), waking in slices to see stop().
      uint64_t before = seen_;
      auto idle_until = Clock::now() + kIdleReread;
      while (!stopping_ && seen_ == before && Clock::now() < idle_until)
        seen_ = hooks_.wait(seen_, std::min(idle_until, Clock::now() + kWaitSlice));
      continue;
    }
    if (settings_.batching_window_s > 0) {
      auto deadline = Clock::now() + std::chrono::seconds(settings_.batching_window_s);
      while (!stopping_ && batch.size() < static_cast<size_t>(settings_.batch_size) &&
             Clock::now() < deadline) {
        seen_ = hooks_.wait(seen_, std::min(deadline, Clock::now() + kWaitSlice));
        auto more = read(static_cast<size_t>(settings_.batch_size) - batch.size());
        for (auto& r : more) batch.push_back(std::move(r));
      }
    }
    std::string checkpoint = batch.back()["dynamodb"]["SequenceNumber"].get<std::string>();
    std::vector<json> delivered;
    for (auto& record : batch) {
      record["eventSourceARN"] = settings_.event_source_arn;
      // Lambda's events spell the identity's members in lower case.
      if (auto it = record.find("userIdentity"); it != record.end() && it->is_object()) {
        json identity = {{"type", it->value("Type", "")}, {"principalId", it->value("PrincipalId", "")}};
        record.erase("userIdentity");
        record["userIdentity"] = std::move(identity);
      }
      if (settings_.filters.empty() ||
          passes(settings_.filters, nlohmann::json::parse(record.dump())))
        delivered.push_back(std::move(record));
    }
    dropped_ = false;
    if (!delivered.empty()) {
      int64_t retries = 0;
      if (!deliver(delivered, retries)) return;  // stopping: the batch stays unacknowledged
    }
    settings_.checkpoint = checkpoint;
    if (hooks_.save) hooks_.save(checkpoint, dropped_ ? "PROBLEM: Function call failed" : "OK");
  }
}

}  // namespace localcloud::lambda::esm
