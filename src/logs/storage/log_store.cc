// LogStore's writes: the buffered append path Lambda uses, and the
// group, stream and event changes the Logs API makes. Reads are in reads.cc.
#include "localcloud/logs/log_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "errors.h"
#include "model/clock.h"
#include "storage/rows.h"
#include "storage/schema.h"

namespace localcloud::logs {
namespace {

using namespace storage;

std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

}  // namespace

LogStore::LogStore(sqlite::Store& store) : store_(store) {
  store_.migrate(storage::kComponent, storage::migrations());
  flusher_ = std::thread([this] { flusher_loop(); });
}

LogStore::~LogStore() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  flusher_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();  // hands over what is pending
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return jobs_in_flight_ == 0; });
}

void LogStore::close() {
  flush();
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    stopping_ = true;
  }
  flusher_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
}

// --- append ------------------------------------------------------------------

void LogStore::append(std::string group, std::string stream, std::vector<Event> events) {
  int64_t now = model::now_ms();
  for (auto& e : events) e.timestamp_ms = std::max<int64_t>(e.timestamp_ms, 0);
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    pending_.push_back(Pending{std::move(group), std::move(stream), std::move(events), now});
    ++appended_;
    // The batch already waiting (or the job already queued) takes this
    // append along; start a wait only when there is none.
    if (scheduled_ || due_ != std::chrono::steady_clock::time_point::max()) return;
    due_ = std::chrono::steady_clock::now() + kAppendDelay;
  }
  flusher_cv_.notify_one();
}

void LogStore::flusher_loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    constexpr auto kNone = std::chrono::steady_clock::time_point::max();
    while (!stopping_ && !hurry_ && std::chrono::steady_clock::now() < due_) {
      if (due_ == kNone) {
        flusher_cv_.wait(lock);
      } else {
        flusher_cv_.wait_until(lock, due_);
      }
    }
    // A flush() that comes while the job is being queued keeps hurry_ for
    // what is appended after the job took pending_.
    hurry_ = false;
    if (due_ != kNone && !scheduled_) {
      due_ = kNone;
      scheduled_ = true;
      ++jobs_in_flight_;
      lock.unlock();
      submit_pending();
      lock.lock();
    }
    if (stopping_ && due_ == kNone) return;
  }
}

// Queues the writer job that takes everything pending when it runs.
void LogStore::submit_pending() {
  struct JobState {
    bool ran = false;
    uint64_t taken = 0;
  };
  auto state = std::make_shared<JobState>();
  store_.write_async(
      [this, state](sqlite::Connection& conn) {
        std::vector<Pending> batch;
        {
          std::lock_guard lock(mu_);
          batch.swap(pending_);
          state->taken = appended_;
          scheduled_ = false;
        }
        state->ran = true;
        write_pending(conn, batch);
      },
      [this, state](std::exception_ptr error) { job_finished(state->taken, state->ran, error); });
}

void LogStore::write_pending(sqlite::Connection& conn, std::vector<Pending>& batch) {
  std::unordered_map<std::string, int64_t> groups;
  std::map<std::pair<int64_t, std::string>, int64_t> streams;
  std::map<int64_t, StreamDelta> deltas;
  EventInserter inserter(conn);
  for (const auto& p : batch) {
    auto g = groups.find(p.group);
    if (g == groups.end()) {
      auto id = group_id_of(conn, p.group);
      g = groups
              .emplace(p.group, id ? *id : insert_group(conn, p.group, p.ingestion_ms, "STANDARD"))
              .first;
    }
    int64_t group_id = g->second;
    auto key = std::make_pair(group_id, p.stream);
    auto s = streams.find(key);
    if (s == streams.end()) {
      auto id = stream_id_of(conn, group_id, p.stream);
      s = streams.emplace(key, id ? *id : insert_stream(conn, group_id, p.stream, p.ingestion_ms))
              .first;
    }
    inserter.add(group_id, s->second, p.events, p.ingestion_ms, deltas[s->second]);
  }
  inserter.finish();
  for (const auto& [stream_id, delta] : deltas) apply_delta(conn, stream_id, delta);
}

void LogStore::job_finished(uint64_t taken, bool ran, std::exception_ptr error) {
  if (error) spdlog::error("logs: appended events were lost: {}", describe(error));
  std::lock_guard lock(mu_);
  if (!ran) {
    // The store refused the job (it is shutting down): what it would have
    // taken is dropped, or flush() would wait forever.
    pending_.clear();
    scheduled_ = false;
    taken = appended_;
  }
  settled_ = std::max(settled_, taken);
  --jobs_in_flight_;
  cv_.notify_all();
}

void LogStore::flush() {
  std::unique_lock lock(mu_);
  uint64_t target = appended_;
  hurry_ = true;
  flusher_cv_.notify_one();
  cv_.wait(lock, [&] { return settled_ >= target; });
}

// --- groups ------------------------------------------------------------------

void LogStore::create_group(std::string name, std::string log_group_class, Done done) {
  store_.write_async(
      [name = std::move(name), cls = std::move(log_group_class)](sqlite::Connection& conn) {
        if (group_id_of(conn, name)) throw errors::group_exists();
        insert_group(conn, name, model::now_ms(), cls);
      },
      std::move(done));
}

void LogStore::delete_group(std::string name, Done done) {
  store_.write_async(
      [name = std::move(name)](sqlite::Connection& conn) {
        auto id = group_id_of(conn, name);
        if (!id) throw errors::group_not_found();
        // Events first: one range of the table, which is in group order.
        conn.cached("DELETE FROM logs_events WHERE group_id = ?").bind(1, *id).run();
        conn.cached("DELETE FROM logs_groups WHERE id = ?").bind(1, *id).run();
      },
      std::move(done));
}

void LogStore::set_retention(std::string group, std::optional<int> days, Done done) {
  store_.write_async(
      [group = std::move(group), days](sqlite::Connection& conn) {
        auto id = group_id_of(conn, group);
        if (!id) throw errors::group_not_found();
        auto up = conn.cached("UPDATE logs_groups SET retention_days = ? WHERE id = ?");
        if (days) {
          up.bind(1, int64_t{*days});
        } else {
          up.bind_null(1);
        }
        up.bind(2, *id).run();
      },
      std::move(done));
}

// --- streams -----------------------------------------------------------------

void LogStore::create_stream(std::string group, std::string stream, Done done) {
  store_.write_async(
      [group = std::move(group), stream = std::move(stream)](sqlite::Connection& conn) {
        auto group_id = group_id_of(conn, group);
        if (!group_id) throw errors::group_not_found();
        if (stream_id_of(conn, *group_id, stream)) throw errors::stream_exists();
        insert_stream(conn, *group_id, stream, model::now_ms());
      },
      std::move(done));
}

void LogStore::delete_stream(std::string group, std::string stream, Done done) {
  store_.write_async(
      [group = std::move(group), stream = std::move(stream)](sqlite::Connection& conn) {
        auto group_id = group_id_of(conn, group);
        if (!group_id) throw errors::group_not_found();
        auto stream_id = stream_id_of(conn, *group_id, stream);
        if (!stream_id) throw errors::stream_not_found();
        auto bytes = conn.cached(
            "UPDATE logs_groups SET stored_bytes = stored_bytes -"
            " (SELECT stored_bytes FROM logs_streams WHERE id = ?) WHERE id = ?");
        bytes.bind(1, *stream_id).bind(2, *group_id).run();
        conn.cached("DELETE FROM logs_events WHERE stream_id = ?").bind(1, *stream_id).run();
        conn.cached("DELETE FROM logs_streams WHERE id = ?").bind(1, *stream_id).run();
      },
      std::move(done));
}

// --- events ------------------------------------------------------------------

void LogStore::put_events(std::string group, std::string stream, std::vector<Event> events,
                          int64_t ingestion_ms, PutDone done) {
  auto sequence = std::make_shared<int64_t>(0);
  store_.write_async(
      [group = std::move(group), stream = std::move(stream), events = std::move(events),
       ingestion_ms, sequence](sqlite::Connection& conn) {
        auto group_id = group_id_of(conn, group);
        if (!group_id) throw errors::group_not_found();
        auto stream_id = stream_id_of(conn, *group_id, stream);
        if (!stream_id) throw errors::stream_not_found();
        StreamDelta delta;
        EventInserter inserter(conn);
        inserter.add(*group_id, *stream_id, events, ingestion_ms, delta);
        inserter.finish();
        *sequence = apply_delta(conn, *stream_id, delta);
      },
      [sequence, done = std::move(done)](std::exception_ptr error) { done(error, *sequence); });
}

}  // namespace localcloud::logs
