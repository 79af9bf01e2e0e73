#include "expressions/reserved_words.h"

#include <gtest/gtest.h>

namespace localcloud::dynamodb::expressions {
namespace {

TEST(ReservedWords, AwsListIsCaseInsensitive) {
  struct Case {
    const char* word;
    bool reserved;
  };
  const Case cases[] = {
      {"ABORT", true},     {"zone", true},     {"Status", true},   {"name", true},
      {"size", true},      {"FLATTERN", true}, {"inNter", true},   {"loged", true},
      {"ttl", true},       {"data", true},     {"count", true},    {"items", true},
      {"abc", false},      {"userId", false},  {"a", false},       {"", false},
      {"statuses", false}, {"STATUS_", false}, {"SELECTS", false}, {"CHARACTERISTICS", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(is_reserved_word(c.word), c.reserved) << c.word;
  }
}

}  // namespace
}  // namespace localcloud::dynamodb::expressions
