// Workers: a timer thread for integration deadlines and a few threads for
// blocking HTTP calls, so neither ever runs on the server's io threads.
//
// Nearly every deadline is cancelled long before it is due, so the timer
// thread sleeps until the earliest deadline it knew of when it went to sleep
// and is woken only for an earlier one: setting and cancelling the usual
// timer costs a map insert and erase, never a thread switch.
//
// Thread safety: every member may be called from any thread. stop() (or the
// destructor) drops pending timers and joins the threads after the queued
// jobs ran.
#pragma once

#include <chrono>
#include <cstdint>
#include <utility>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace localcloud::apigateway::integration {

class Workers {
 public:
  explicit Workers(int threads);
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;
  ~Workers();

  // Runs `fn` on a worker thread.
  void post(std::function<void()> fn);
  using TimerId = std::pair<std::chrono::steady_clock::time_point, uint64_t>;
  // Runs `fn` on the timer thread after `delay`; keep it short.
  TimerId after(std::chrono::milliseconds delay, std::function<void()> fn);
  // Drops a timer that has not fired yet (no-op otherwise).
  void cancel(const TimerId& id);
  void stop();

 private:
  void work();
  void tick();

  std::mutex mu_;
  std::condition_variable work_cv_, timer_cv_;
  std::deque<std::function<void()>> jobs_;
  std::map<TimerId, std::function<void()>> timers_;
  uint64_t next_timer_ = 0;
  // When the timer thread wakes next by itself (max: only when notified).
  std::chrono::steady_clock::time_point timer_wakes_ = std::chrono::steady_clock::time_point::max();
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::thread timer_;
};

}  // namespace localcloud::apigateway::integration
