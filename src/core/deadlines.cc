#include "localcloud/core/deadlines.h"

namespace localcloud {

Deadlines::Deadlines() : thread_([this] { run(); }) {}

Deadlines::~Deadlines() { stop(); }

Deadlines::Id Deadlines::after(Clock::duration delay, std::function<void()> fn) {
  Id id;
  bool sooner;
  {
    std::lock_guard lock(mu_);
    id = {Clock::now() + delay, next_++};
    if (stopping_) return id;
    pending_.emplace(id, std::move(fn));
    sooner = id.first < wakes_;
  }
  if (sooner) cv_.notify_one();
  return id;
}

void Deadlines::cancel(const Id& id) {
  std::function<void()> dropped;  // destroyed outside the lock
  std::lock_guard lock(mu_);
  if (auto it = pending_.find(id); it != pending_.end()) {
    dropped = std::move(it->second);
    pending_.erase(it);
  }
}

void Deadlines::stop() {
  std::map<Id, std::function<void()>> dropped;  // destroyed outside the lock
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    dropped.swap(pending_);
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void Deadlines::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (pending_.empty()) {
      wakes_ = Clock::time_point::max();
      cv_.wait(lock);
      continue;
    }
    // A cancelled deadline may have been the earliest: waking for it finds
    // nothing due and sleeps again, until the earliest still pending.
    auto due = pending_.begin()->first.first;
    if (Clock::now() < due) {
      wakes_ = due;
      cv_.wait_until(lock, due);
      continue;
    }
    auto fn = std::move(pending_.begin()->second);
    pending_.erase(pending_.begin());
    lock.unlock();
    fn();
    fn = nullptr;  // what it holds goes before the lock is taken again
    lock.lock();
  }
}

}  // namespace localcloud
