// Deadlines: callbacks run at a time unless cancelled first, on one thread of
// their own — for timeouts that are nearly always cancelled long before they
// are due (an API Gateway integration's, an in-process handler's).
//
// The thread sleeps until the earliest deadline it knew of when it went to
// sleep and is woken only for an earlier one: setting and cancelling the
// usual deadline costs a map insert and erase under a mutex, never a thread
// switch. A cancelled deadline costs the thread one needless wake-up when it
// would have been due, if it was the earliest.
//
// Thread safety: every member may be called from any thread. stop() (or the
// destructor) drops the pending deadlines and joins the thread; a callback
// that is running finishes first.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace localcloud {

class Deadlines {
 public:
  using Clock = std::chrono::steady_clock;
  using Id = std::pair<Clock::time_point, uint64_t>;

  Deadlines();
  Deadlines(const Deadlines&) = delete;
  Deadlines& operator=(const Deadlines&) = delete;
  ~Deadlines();  // stop()

  // Runs `fn` on the deadlines' thread after `delay`; keep it short. After
  // stop(), `fn` never runs.
  Id after(Clock::duration delay, std::function<void()> fn);
  // Drops a deadline that has not fired yet (nothing otherwise).
  void cancel(const Id& id);
  void stop();

 private:
  void run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<Id, std::function<void()>> pending_;
  uint64_t next_ = 0;
  // When the thread wakes next by itself (max: only when notified).
  Clock::time_point wakes_ = Clock::time_point::max();
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace localcloud
