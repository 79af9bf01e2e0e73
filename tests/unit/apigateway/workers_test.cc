// Workers: jobs run on its threads, timers fire at their deadlines
// (Deadlines' own test covers them in depth).
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

}  // namespace
}  // namespace localcloud::apigateway::integration
