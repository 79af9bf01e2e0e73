#include "model/batch.h"

#include <gtest/gtest.h>

#include "localcloud/core/aws_error.h"

namespace localcloud::logs::model {
namespace {

constexpr int64_t kNow = 1700000000000;
constexpr int64_t kHour = 60 * 60 * 1000;
constexpr int64_t kDay = 24 * kHour;

std::vector<Event> at(std::initializer_list<int64_t> times) {
  std::vector<Event> out;
  for (auto t : times) out.push_back(Event{t, "m"});
  return out;
}

std::string refusal(const std::vector<Event>& events) {
  try {
    judge_batch(events, kNow, std::nullopt);
  } catch (const AwsError& e) {
    return e.code() + ": " + e.message();
  }
  return "accepted";
}

TEST(LogsBatchTest, KeepsAnOrdinaryBatch) {
  auto v = judge_batch(at({kNow - 5, kNow - 5, kNow}), kNow, std::nullopt);
  EXPECT_EQ(v.begin, 0u);
  EXPECT_EQ(v.end, 3u);
  EXPECT_FALSE(v.rejected_any());
}

TEST(LogsBatchTest, RefusesOutOfOrderOversizedAndWideBatches) {
  EXPECT_EQ(refusal(at({kNow, kNow - 1})),
            "InvalidParameterException: Log events in a single PutLogEvents request must be in "
            "chronological order.");
  EXPECT_EQ(refusal({Event{kNow, std::string(1048576 - 26, 'x')}}), "accepted");
  EXPECT_EQ(refusal({Event{kNow, std::string(1048576 - 25, 'x')}}),
            "InvalidParameterException: Upload too large: 1048577 bytes exceeds limit of 1048576");
  EXPECT_EQ(refusal(at({kNow - kDay, kNow})), "accepted");
  EXPECT_EQ(refusal(at({kNow - kDay - 1, kNow})),
            "InvalidParameterException: The batch of log events in a single PutLogEvents request "
            "cannot span more than 24 hours.");
}

TEST(LogsBatchTest, RejectsTooOldAndTooNewButKeepsTheRest) {
  auto v = judge_batch(at({kNow - 15 * kDay, kNow - 14 * kDay - 1, kNow, kNow + 2 * kHour,
                           kNow + 2 * kHour + 1, kNow + 3 * kHour}),
                       kNow, std::nullopt);
  EXPECT_EQ(v.too_old_end, 1u);
  EXPECT_EQ(v.too_new_start, 4u);
  EXPECT_FALSE(v.expired_end);
  EXPECT_EQ(v.begin, 2u);
  EXPECT_EQ(v.end, 4u);
}

TEST(LogsBatchTest, TheSpanRuleIgnoresRejectedEvents) {
  // 20 days apart in all, but only the last two are kept.
  auto v = judge_batch(at({kNow - 20 * kDay, kNow - kHour, kNow}), kNow, std::nullopt);
  EXPECT_EQ(v.begin, 1u);
  EXPECT_EQ(v.end, 3u);
}

TEST(LogsBatchTest, RetentionExpiresOlderEvents) {
  auto v = judge_batch(at({kNow - 2 * kDay, kNow - kHour}), kNow, 1);
  EXPECT_EQ(v.expired_end, 0u);
  EXPECT_FALSE(v.too_old_end);
  EXPECT_EQ(v.begin, 1u);
}

TEST(LogsBatchTest, EverythingRejectedKeepsNothing) {
  auto v = judge_batch(at({kNow + 3 * kHour, kNow + 4 * kHour}), kNow, std::nullopt);
  EXPECT_EQ(v.begin, v.end);
  EXPECT_EQ(v.too_new_start, 0u);
}

}  // namespace
}  // namespace localcloud::logs::model
