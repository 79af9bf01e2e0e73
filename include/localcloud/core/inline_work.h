// Inline work: blocking work a server thread does itself instead of handing
// it to a pool (an in-process Lambda handler). A hand-off to another thread
// and the two wake-ups it takes cost more than a fast handler runs; but a
// server thread serves many connections, and blocking work may turn out
// slow or never end. So a thread that may do inline work is watched: when
// its work outruns the budget, the watchdog calls `relieve` for it, which
// gives the thread's connections to a new thread; the old one finishes its
// work and then stops serving.
//
// Thread safety: InlineWatchdog's members may be called from any thread;
// `relieve` runs on the watchdog's own thread. The free functions act on the
// calling thread's watch.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace localcloud {

class InlineWatchdog;

// What the watchdog sees of one thread that may do inline work.
// since_ns while work that the watchdog relieved is still running.
inline constexpr int64_t kRelievedMark = -1;

struct InlineWatch {
  // Steady clock when its inline work began; 0: none; kRelievedMark: relieved
  // during it (the watchdog swaps the start for the mark, so work that has
  // just ended is never relieved).
  std::atomic<int64_t> since_ns{0};
  std::atomic<bool> relieved{false};  // another thread took over: it must stop serving
  InlineWatchdog* dog = nullptr;
  // The connections the thread serves, where its server counts them.
  const std::atomic<int>* connections = nullptr;
};

class InlineWatchdog {
 public:
  using Relieve = std::function<void(InlineWatch&)>;

  // Checks every `tick` (only while some watched thread is in inline work)
  // for work older than `budget`, and relieves its thread once.
  InlineWatchdog(std::chrono::milliseconds budget, std::chrono::milliseconds tick, Relieve relieve);
  InlineWatchdog(const InlineWatchdog&) = delete;
  InlineWatchdog& operator=(const InlineWatchdog&) = delete;
  ~InlineWatchdog();  // stop()

  void add(InlineWatch* watch);  // the watch outlives the watchdog
  void stop();

  // Called by a watched thread that began inline work (see inline_work::Section).
  void began() {
    if (parked_.load()) wake();
  }

 private:
  void wake();
  void run();
  bool any_busy();  // under mu_

  const std::chrono::milliseconds budget_, tick_;
  Relieve relieve_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<InlineWatch*> watches_;
  std::atomic<bool> parked_{false};  // asleep until some watched thread begins inline work
  bool stopping_ = false;
  std::thread thread_;
};

namespace inline_work {

// Makes `watch` (nullptr: none) the calling thread's: only a watched thread
// does inline work.
void attach(InlineWatch* watch);

// True when the calling thread may do blocking work itself: it is watched,
// has not been relieved, and is not inside inline work already.
bool available();

// The number of connections the calling thread serves; -1 when unknown.
// With few, work it could hand off is best done at once: nothing waits
// behind it, and the hand-off's wake-ups are most of what it would cost.
int connections();

// Marks the calling thread busy with inline work for its lifetime. Make one
// only when available().
class Section {
 public:
  Section();
  ~Section();
  Section(const Section&) = delete;
  Section& operator=(const Section&) = delete;
};

}  // namespace inline_work
}  // namespace localcloud
