// same_as_text: an in-process handler's document goes to an in-process
// caller as it is only where writing it out and parsing it back would give
// the very same document; everything else takes the text's way.
#include "native/document.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace localcloud::lambda::native {
namespace {

// What the text's way gives: the parsed text, or "throws".
std::string round_trip(const Json& document) {
  try {
    return Json::parse(document.dump()).dump();
  } catch (const nlohmann::json::exception&) {
    return "throws";
  }
}

TEST(SameAsTextTest, TrueExactlyWhenTheTextGivesTheSameDocument) {
  const double inf = std::numeric_limits<double>::infinity();
  struct Case {
    Json document;
    bool want;
  };
  const std::vector<Case> cases = {
      {Json{{"statusCode", 200}, {"headers", {{"a", "b"}}}, {"body", "[1,2]"}}, true},
      {Json(nullptr), true},
      {Json(-0.0), true},
      {Json(1.5e300), true},
      {Json(std::numeric_limits<int64_t>::min()), true},
      {Json(std::numeric_limits<uint64_t>::max()), true},
      {Json::array({true, false, "caf\xc3\xa9", Json::object()}), true},
      {Json{{"body", "\xff"}}, false},
      {Json{{"caf\xc3", 1}}, false},
      {Json::array({1, Json::array({"\xed\xa0\x80"})}), false},
      {Json{{"statusCode", std::nan("")}}, false},
      {Json{{"statusCode", inf}}, false},
      {Json::array({-inf}), false},
      {Json{{"body", Json::binary({1, 2, 3})}}, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(same_as_text(c.document), c.want) << testing::PrintToString(c.document.dump(
        -1, ' ', false, Json::error_handler_t::replace));
    // Where it says so, the text's way really gives the same document.
    if (c.want) {
      EXPECT_EQ(round_trip(c.document), c.document.dump());
    }
  }
}

}  // namespace
}  // namespace localcloud::lambda::native
