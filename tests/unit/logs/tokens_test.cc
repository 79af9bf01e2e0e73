#include "model/tokens.h"

#include <gtest/gtest.h>

namespace localcloud::logs::model {
namespace {

TEST(LogsTokensTest, EventIdsAreFiftySixDigitsInReadOrder) {
  auto a = event_id({1700000000000, 7});
  auto b = event_id({1700000000000, 8});
  auto c = event_id({1700000000001, 1});
  EXPECT_EQ(a.size(), 56u);
  EXPECT_EQ(a.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(LogsTokensTest, StreamTokensRoundTrip) {
  StreamToken t{false, {1700000000123, 42}};
  std::string text = stream_token(t);
  EXPECT_EQ(text.substr(0, 2), "b/");
  EXPECT_EQ(text.substr(text.size() - 2), "/s");
  EXPECT_EQ(text.size(), 2 + 56 + 2u);
  auto back = parse_stream_token(text);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->forward);
  EXPECT_EQ(back->position, t.position);
  auto fwd = parse_stream_token("f/" + event_id({5, 6}));  // the older form without "/s"
  ASSERT_TRUE(fwd);
  EXPECT_TRUE(fwd->forward);
  EXPECT_EQ(fwd->position, (EventPosition{5, 6}));
}

TEST(LogsTokensTest, ForeignTokensAreRefused) {
  for (const char* bad : {"", "f/", "x/123", "f/123/s", "f/abc", "b//s"})
    EXPECT_FALSE(parse_stream_token(bad)) << bad;
  EXPECT_FALSE(parse_stream_token("f/" + std::string(56, '9') + "/s"));  // overflows
  EXPECT_FALSE(parse_cursor_token("c1zz"));
  EXPECT_FALSE(parse_cursor_token("c1a"));
  EXPECT_FALSE(parse_cursor_token("zz"));
  EXPECT_FALSE(parse_position_token("p1123"));
  EXPECT_FALSE(parse_position_token(stream_token({true, {1, 2}})));
}

TEST(LogsTokensTest, CursorAndPositionTokensRoundTrip) {
  EXPECT_EQ(parse_cursor_token(cursor_token("/aws/lambda/fn")), "/aws/lambda/fn");
  EXPECT_EQ(parse_cursor_token(cursor_token("")), "");
  EXPECT_EQ(parse_position_token(position_token({9, 10})), (EventPosition{9, 10}));
}

TEST(LogsTokensTest, SequenceTokensLookLikeAws) {
  auto t = sequence_token(3);
  EXPECT_EQ(t.size(), 56u);
  EXPECT_EQ(t.substr(0, 2), "49");
  EXPECT_LT(sequence_token(3), sequence_token(4));
}

}  // namespace
}  // namespace localcloud::logs::model
