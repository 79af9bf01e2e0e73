// Workers: deadlines for integrations and a few threads for blocking HTTP
// calls, so neither ever runs on the server's io threads.
//
// Thread safety: every member may be called from any thread. stop() (or the
// destructor) drops pending timers and joins the threads after the queued
// jobs ran.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "localcloud/core/deadlines.h"

namespace localcloud::apigateway::integration {

class Workers {
 public:
  explicit Workers(int threads);
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;
  ~Workers();

  // Runs `fn` on a worker thread.
  void post(std::function<void()> fn);
  using TimerId = Deadlines::Id;
  // Runs `fn` on the timer thread after `delay`; keep it short. Setting and
  // cancelling a timer costs no thread switch (see Deadlines).
  TimerId after(std::chrono::milliseconds delay, std::function<void()> fn) {
    return deadlines_.after(delay, std::move(fn));
  }
  // Drops a timer that has not fired yet (no-op otherwise).
  void cancel(const TimerId& id) { deadlines_.cancel(id); }
  void stop();

 private:
  void work();

  std::mutex mu_;
  std::condition_variable work_cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  Deadlines deadlines_;
};

}  // namespace localcloud::apigateway::integration
