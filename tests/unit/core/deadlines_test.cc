// Deadlines fire on time in deadline order, and a cancelled one never
// fires — whether the thread was asleep for a later deadline, an earlier
// one, or none.
#include "localcloud/core/deadlines.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <string>

namespace localcloud {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(DeadlinesTest, AnEarlierTimerSetAfterALaterOneFiresFirstAndOnTime) {
  Deadlines deadlines;
  std::mutex mu;
  std::string order;
  std::promise<Clock::time_point> early_fired;
  auto start = Clock::now();
  deadlines.after(60s, [&] {
    std::lock_guard lock(mu);
    order += "late ";
  });
  deadlines.after(50ms, [&] {
    {
      std::lock_guard lock(mu);
      order += "early ";
    }
    early_fired.set_value(Clock::now());
  });
  auto f = early_fired.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  auto fired_after = f.get() - start;
  EXPECT_GE(fired_after, 50ms);
  EXPECT_LT(fired_after, 2s);
  std::lock_guard lock(mu);
  EXPECT_EQ(order, "early ");
}

TEST(DeadlinesTest, ACancelledTimerNeverFiresAndTheNextStillDoes) {
  Deadlines deadlines;
  std::atomic<int> cancelled_fired{0};
  // The timer thread goes to sleep until this one's deadline...
  auto first = deadlines.after(30ms, [&] { ++cancelled_fired; });
  deadlines.cancel(first);
  // ...and is not woken for a later one: it must still find it.
  std::promise<void> later_fired;
  auto start = Clock::now();
  deadlines.after(100ms, [&] { later_fired.set_value(); });
  auto f = later_fired.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_GE(Clock::now() - start, 100ms);
  EXPECT_EQ(cancelled_fired.load(), 0);
}

TEST(DeadlinesTest, ManyCancelledTimersLeaveTheLastOneToFire) {
  Deadlines deadlines;
  std::atomic<int> fired{0};
  for (int i = 0; i < 1000; ++i) {
    auto id = deadlines.after(20ms + std::chrono::milliseconds(i % 20), [&] { ++fired; });
    deadlines.cancel(id);
  }
  std::promise<void> last;
  deadlines.after(40ms, [&] { last.set_value(); });
  ASSERT_EQ(last.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(fired.load(), 0);
}

TEST(DeadlinesTest, StopDropsPendingTimers) {
  std::atomic<int> fired{0};
  {
    Deadlines deadlines;
    deadlines.after(10s, [&] { ++fired; });
    deadlines.stop();
  }
  EXPECT_EQ(fired.load(), 0);
}

}  // namespace
}  // namespace localcloud
