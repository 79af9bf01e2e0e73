#include "localcloud/core/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace localcloud::ids {
namespace {

TEST(Ids, Uuid4HasRfc4122Shape) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = uuid4();
    ASSERT_EQ(id.size(), 36u);
    for (int dash : {8, 13, 18, 23}) EXPECT_EQ(id[dash], '-') << id;
    EXPECT_EQ(id[14], '4') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    for (char c : id) EXPECT_TRUE(c == '-' || isdigit(c) || (c >= 'a' && c <= 'f')) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Ids, LowerAlnumIsApiGatewayShaped) {
  auto id = lower_alnum(10);
  ASSERT_EQ(id.size(), 10u);
  for (char c : id) EXPECT_TRUE(isdigit(c) || (c >= 'a' && c <= 'z')) << id;
  EXPECT_NE(lower_alnum(10), lower_alnum(10));
}

TEST(Ids, ArnJoinsItsParts) {
  EXPECT_EQ(arn("dynamodb", "us-east-1", "000000000000", "table/users"),
            "arn:aws:dynamodb:us-east-1:000000000000:table/users");
}

}  // namespace
}  // namespace localcloud::ids
