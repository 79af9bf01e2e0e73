#include "localcloud/core/inline_work.h"

#include <algorithm>

namespace localcloud {
namespace {

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

thread_local InlineWatch* tl_watch = nullptr;

}  // namespace

InlineWatchdog::InlineWatchdog(std::chrono::milliseconds budget, std::chrono::milliseconds tick,
                               Relieve relieve)
    : budget_(budget), tick_(tick), relieve_(std::move(relieve)), thread_([this] { run(); }) {}

InlineWatchdog::~InlineWatchdog() { stop(); }

void InlineWatchdog::add(InlineWatch* watch) {
  watch->dog = this;
  std::lock_guard lock(mu_);
  watches_.push_back(watch);
}

void InlineWatchdog::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void InlineWatchdog::wake() {
  {
    std::lock_guard lock(mu_);
    parked_.store(false);
  }
  cv_.notify_one();
}

// Work already relieved is not watched again (a hung handler's thread must
// not keep the watchdog ticking).
bool InlineWatchdog::any_busy() {
  return std::any_of(watches_.begin(), watches_.end(),
                     [](InlineWatch* w) { return w->since_ns.load() > 0; });
}

// Parks while no watched thread does inline work: an idle server costs no
// wake-ups. A thread that begins work stores its start before it looks at
// parked_, and the watchdog sets parked_ before it looks at the starts
// (both sequentially consistent): one of them sees the other.
void InlineWatchdog::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    parked_.store(true);
    if (!any_busy()) {
      cv_.wait(lock, [this] { return stopping_ || !parked_.load(); });
      if (stopping_) break;
    }
    parked_.store(false);
    cv_.wait_for(lock, tick_, [this] { return stopping_; });
    if (stopping_) break;
    int64_t now = steady_ns();
    auto budget = std::chrono::duration_cast<std::chrono::nanoseconds>(budget_).count();
    std::vector<InlineWatch*> overdue;
    for (InlineWatch* w : watches_) {
      // Relieved only if still inside the same work: a thread that has just
      // finished must not be replaced while it goes back to serving.
      int64_t since = w->since_ns.load();
      if (since > 0 && now - since > budget &&
          w->since_ns.compare_exchange_strong(since, kRelievedMark)) {
        w->relieved.store(true);
        overdue.push_back(w);
      }
    }
    if (overdue.empty()) continue;
    lock.unlock();
    for (InlineWatch* w : overdue) relieve_(*w);
    lock.lock();
  }
}

namespace inline_work {

void attach(InlineWatch* watch) { tl_watch = watch; }

int connections() {
  InlineWatch* w = tl_watch;
  return w && w->connections ? w->connections->load(std::memory_order_relaxed) : -1;
}

bool available() {
  InlineWatch* w = tl_watch;
  return w && w->since_ns.load(std::memory_order_relaxed) == 0 &&
         !w->relieved.load(std::memory_order_relaxed);
}

Section::Section() {
  tl_watch->since_ns.store(steady_ns());
  if (tl_watch->dog) tl_watch->dog->began();
}

Section::~Section() {
  // The watchdog may not have set relieved yet: the thread must see it when
  // it next looks, so it sets it too.
  if (tl_watch->since_ns.exchange(0) == kRelievedMark) tl_watch->relieved.store(true);
}

}  // namespace inline_work
}  // namespace localcloud
