// Inline work: only a watched thread outside inline work may do it; work
// that outruns the budget gets its thread relieved, once; quick work and an
// idle watchdog relieve nobody.
#include "localcloud/core/inline_work.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace localcloud {
namespace {

using namespace std::chrono_literals;

struct Relieved {
  std::mutex mu;
  std::vector<InlineWatch*> watches;
  std::promise<void> first;
  void operator()(InlineWatch& w) {
    std::lock_guard lock(mu);
    watches.push_back(&w);
    if (watches.size() == 1) first.set_value();
  }
  size_t count() {
    std::lock_guard lock(mu);
    return watches.size();
  }
};

TEST(InlineWork, OnlyAWatchedThreadOutsideInlineWorkMayDoIt) {
  EXPECT_FALSE(inline_work::available());  // not watched
  InlineWatch watch;
  inline_work::attach(&watch);
  EXPECT_TRUE(inline_work::available());
  {
    inline_work::Section busy;
    EXPECT_NE(watch.since_ns.load(), 0);
    EXPECT_FALSE(inline_work::available());  // no nesting
  }
  EXPECT_EQ(watch.since_ns.load(), 0);
  EXPECT_TRUE(inline_work::available());
  watch.relieved = true;
  EXPECT_FALSE(inline_work::available());
  inline_work::attach(nullptr);
  EXPECT_FALSE(inline_work::available());
}

TEST(InlineWork, WorkPastTheBudgetRelievesItsThreadOnce) {
  Relieved relieved;
  auto first = relieved.first.get_future();
  InlineWatchdog dog(20ms, 5ms, std::ref(relieved));
  InlineWatch slow, idle;
  dog.add(&slow);
  dog.add(&idle);
  std::thread worker([&] {
    inline_work::attach(&slow);
    inline_work::Section busy;
    // Still busy after being relieved: relieved once, not once a tick.
    ASSERT_EQ(first.wait_for(5s), std::future_status::ready);
    std::this_thread::sleep_for(60ms);
  });
  worker.join();
  EXPECT_TRUE(slow.relieved.load());
  EXPECT_EQ(slow.since_ns.load(), 0);  // the work ended
  EXPECT_FALSE(idle.relieved.load());
  ASSERT_EQ(relieved.count(), 1u);
  EXPECT_EQ(relieved.watches[0], &slow);
}

TEST(InlineWork, QuickWorkIsNeverRelieved) {
  Relieved relieved;
  InlineWatchdog dog(30ms, 5ms, std::ref(relieved));
  InlineWatch watch;
  dog.add(&watch);
  inline_work::attach(&watch);
  auto until = std::chrono::steady_clock::now() + 150ms;
  while (std::chrono::steady_clock::now() < until) {
    inline_work::Section busy;
    std::this_thread::sleep_for(1ms);
  }
  inline_work::attach(nullptr);
  std::this_thread::sleep_for(60ms);
  EXPECT_EQ(relieved.count(), 0u);
  EXPECT_FALSE(watch.relieved.load());
}

TEST(InlineWork, AParkedWatchdogWakesForWorkThatBeginsLater) {
  Relieved relieved;
  auto first = relieved.first.get_future();
  InlineWatchdog dog(10ms, 5ms, std::ref(relieved));
  InlineWatch watch;
  dog.add(&watch);
  std::this_thread::sleep_for(50ms);  // nothing to watch: it parks
  std::thread worker([&] {
    inline_work::attach(&watch);
    inline_work::Section busy;
    first.wait_for(5s);
  });
  worker.join();
  EXPECT_EQ(relieved.count(), 1u);
}

}  // namespace
}  // namespace localcloud
