// Workers: jobs run on its threads, timers fire at their deadlines
// (Deadlines' own test covers them in depth).
#include "integration/workers.h"

#include <gtest/gtest.h>

#include <future>

namespace localcloud::apigateway::integration {
namespace {

using namespace std::chrono_literals;
TEST(WorkersTest, RunsPostedJobs) {
  Workers workers(2);
  std::promise<std::thread::id> ran;
  workers.post([&] { ran.set_value(std::this_thread::get_id()); });
  auto f = ran.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_NE(f.get(), std::this_thread::get_id());
}

TEST(WorkersTest, TimersFire) {
  Workers workers(1);
  std::promise<void> fired;
  workers.after(10ms, [&] { fired.set_value(); });
  EXPECT_EQ(fired.get_future().wait_for(5s), std::future_status::ready);
}

}  // namespace
}  // namespace localcloud::apigateway::integration
