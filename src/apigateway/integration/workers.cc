#include "integration/workers.h"

namespace localcloud::apigateway::integration {

Workers::Workers(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
  timer_ = std::thread([this] { tick(); });
}

Workers::~Workers() { stop(); }

void Workers::post(std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    jobs_.push_back(std::move(fn));
  }
  work_cv_.notify_one();
}

Workers::TimerId Workers::after(std::chrono::milliseconds delay, std::function<void()> fn) {
  TimerId id;
  bool sooner;
  {
    std::lock_guard lock(mu_);
    id = {std::chrono::steady_clock::now() + delay, next_timer_++};
    if (stopping_) return id;
    timers_.emplace(id, std::move(fn));
    sooner = id.first < timer_wakes_;
  }
  if (sooner) timer_cv_.notify_one();
  return id;
}

void Workers::cancel(const TimerId& id) {
  std::function<void()> dropped;  // destroyed outside the lock
  std::lock_guard lock(mu_);
  if (auto it = timers_.find(id); it != timers_.end()) {
    dropped = std::move(it->second);
    timers_.erase(it);
  }
}

void Workers::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    timers_.clear();
  }
  work_cv_.notify_all();
  timer_cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
  if (timer_.joinable()) timer_.join();
}

void Workers::work() {
  std::unique_lock lock(mu_);
  while (true) {
    work_cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

void Workers::tick() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (timers_.empty()) {
      timer_wakes_ = std::chrono::steady_clock::time_point::max();
      timer_cv_.wait(lock);
      continue;
    }
    // A cancelled timer may have been the earliest: waking for it finds
    // nothing due and sleeps again, until the earliest still pending.
    auto due = timers_.begin()->first.first;
    if (std::chrono::steady_clock::now() < due) {
      timer_wakes_ = due;
      timer_cv_.wait_until(lock, due);
      continue;
    }
    auto fn = std::move(timers_.begin()->second);
    timers_.erase(timers_.begin());
    lock.unlock();
    fn();
    lock.lock();
  }
}

}  // namespace localcloud::apigateway::integration
