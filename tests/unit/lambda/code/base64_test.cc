#include "code/base64.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace localcloud::lambda::code {
namespace {

// The codec itself is core's (tests/unit/core/base64_test.cc); Lambda's
// API layer wants a refusal as an exception, to turn into the field's error.
TEST(LambdaBase64, RoundTripsAndThrowsOnWhatIsNotBase64) {
  EXPECT_EQ(base64_decode(base64_encode("PK\3\4")), "PK\3\4");
  EXPECT_THROW(base64_decode("Zm9v!"), std::invalid_argument);
}

}  // namespace
}  // namespace localcloud::lambda::code
