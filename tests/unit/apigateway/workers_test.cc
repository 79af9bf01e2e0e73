// Workers: jobs run on its threads, timers fire at their deadlines in
// deadline order, and a cancelled timer never fires — whether the timer
// thread was asleep for a later deadline, an earlier one, or none.
#include "integration/workers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <string>

namespace localcloud::apigateway::integration {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(WorkersTest, RunsPostedJobs) {
  Workers workers(2);
  std::promise<std::thread::id> ran;
  workers.post([&] { ran.set_value(std::this_thread::get_id()); });
  auto f = ran.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_NE(f.get(), std::this_thread::get_id());
}

TEST(WorkersTest, AnEarlierTimerSetAfterALaterOneFiresFirstAndOnTime) {
  Workers workers(1);
  std::mutex mu;
  std::string order;
  std::promise<Clock::time_point> early_fired;
  auto start = Clock::now();
  workers.after(60s, [&] {
    std::lock_guard lock(mu);
    order += "late ";
  });
  workers.after(50ms, [&] {
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

TEST(WorkersTest, ACancelledTimerNeverFiresAndTheNextStillDoes) {
  Workers workers(1);
  std::atomic<int> cancelled_fired{0};
  // The timer thread goes to sleep until this one's deadline...
  auto first = workers.after(30ms, [&] { ++cancelled_fired; });
  workers.cancel(first);
  // ...and is not woken for a later one: it must still find it.
  std::promise<void> later_fired;
  auto start = Clock::now();
  workers.after(100ms, [&] { later_fired.set_value(); });
  auto f = later_fired.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_GE(Clock::now() - start, 100ms);
  EXPECT_EQ(cancelled_fired.load(), 0);
}

TEST(WorkersTest, ManyCancelledTimersLeaveTheLastOneToFire) {
  Workers workers(1);
  std::atomic<int> fired{0};
  for (int i = 0; i < 1000; ++i) {
    auto id = workers.after(20ms + std::chrono::milliseconds(i % 20), [&] { ++fired; });
    workers.cancel(id);
  }
  std::promise<void> last;
  workers.after(40ms, [&] { last.set_value(); });
  ASSERT_EQ(last.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(fired.load(), 0);
}

TEST(WorkersTest, StopDropsPendingTimers) {
  std::atomic<int> fired{0};
  {
    Workers workers(1);
    workers.after(10s, [&] { ++fired; });
    workers.stop();
  }
  EXPECT_EQ(fired.load(), 0);
}

}  // namespace
}  // namespace localcloud::apigateway::integration
