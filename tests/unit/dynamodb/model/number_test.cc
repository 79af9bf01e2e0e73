#include "model/number.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace localcloud::dynamodb::model {
namespace {

const std::string kNotNumeric =
    "ValidationException: The parameter cannot be converted to a numeric value";
const std::string kOverflow =
    "ValidationException: Number overflow. Attempting to store a number with magnitude larger than "
    "supported range";
const std::string kUnderflow =
    "ValidationException: Number underflow. Attempting to store a number with magnitude smaller "
    "than supported range";
const std::string kTooManyDigits =
    "ValidationException: Attempting to store more than 38 significant digits in a Number";

std::string zeros(int n) { return std::string(static_cast<size_t>(n), '0'); }
std::string nines(int n) { return std::string(static_cast<size_t>(n), '9'); }

template <typename F>
std::string outcome(F&& f) {
  try {
    return f();
  } catch (const AwsError& e) {
    return e.code() + ": " + e.message();
  }
}

std::string parsed(const std::string& text, MessageStyle style = MessageStyle::kCurrent) {
  return outcome([&] { return Number::parse(text, style).to_string(); });
}

TEST(Number, ParsesAndNormalizesAsDynamoDbReturnsNumbers) {
  struct Case {
    std::string text;
    std::string want;
  };
  const Case cases[] = {
      {"0", "0"},
      {"-0", "0"},
      {"+0", "0"},
      {"00", "0"},
      {"0.000", "0"},
      {"-0.0e5", "0"},
      {"0e125", "0"},
      {"0e-130", "0"},
      {"1", "1"},
      {"-7", "-7"},
      {"+5", "5"},
      {"+1.5", "1.5"},
      {"+1e2", "100"},
      {"1e2", "100"},
      {"1E2", "100"},
      {"1e+2", "100"},
      {"1.5E2", "150"},
      {"1.5E+3", "1500"},
      {"-17e5", "-1700000"},
      {"1.50", "1.5"},
      {"1.0", "1"},
      {"0010", "10"},
      {"00042", "42"},
      {"0042.1200", "42.12"},
      {"0001.23", "1.23"},
      {".5", "0.5"},
      {".123", "0.123"},
      {"5.", "5"},
      {"-.5", "-0.5"},
      {"-7.1234", "-7.1234"},
      {"0.000001", "0.000001"},
      {"1e-6", "0.000001"},
      {"123.456e-2", "1.23456"},
      {"123.456e1", "1234.56"},
      {"123.456e3", "123456"},
      {"1e0000000000000000000000000000000002", "100"},
      {"-17.4E37", "-174" + zeros(36)},
      {"1.00000000000000007629769841092E+50", "100000000000000007629769841092" + zeros(21)},
      {"1E125", "1" + zeros(125)},
      {"1E+125", "1" + zeros(125)},
      {"-1E125", "-1" + zeros(125)},
      {"1e-130", "0." + zeros(129) + "1"},
      {"-1e-130", "-0." + zeros(129) + "1"},
      {"9.9999999999999999999999999999999999999E+125", nines(38) + zeros(88)},
      {"-9.9999999999999999999999999999999999999E+125", "-" + nines(38) + zeros(88)},
      {"9.9999999999999999999999999999999999999E-130", "0." + zeros(129) + nines(38)},
      {"12345678901234567890123456789012345678", "12345678901234567890123456789012345678"},
      {"3.1415926535897932384626433832795028841", "3.1415926535897932384626433832795028841"},
      {"314159265358979323846.26433832795028841", "314159265358979323846.26433832795028841"},
      {"31415926535897932384626433832795028841e30",
       "31415926535897932384626433832795028841" + zeros(30)},
      // Zeros around the digits are not significant.
      {"000012345678901234567890123456789012345678000",
       "12345678901234567890123456789012345678000"},
      {"0.00000000001234567890123456789012345678901234567800",
       "0.000000000012345678901234567890123456789012345678"},
  };
  for (const auto& c : cases) EXPECT_EQ(parsed(c.text), c.want) << c.text;
}

TEST(Number, RejectsWhatDynamoDbRejects) {
  struct Case {
    std::string text;
    std::string want;
  };
  const Case cases[] = {
      {"", kNotNumeric + ": "},
      {" 1", kNotNumeric + ":  1"},
      {"1 ", kNotNumeric + ": 1 "},
      {"abc", kNotNumeric + ": abc"},
      {"dog", kNotNumeric + ": dog"},
      {"1.2.3", kNotNumeric + ": 1.2.3"},
      {"0x10", kNotNumeric + ": 0x10"},
      {"1e", kNotNumeric + ": 1e"},
      {"1e+", kNotNumeric + ": 1e+"},
      {"e5", kNotNumeric + ": e5"},
      {"+e2", kNotNumeric + ": +e2"},
      {"1+2", kNotNumeric + ": 1+2"},
      {"+", kNotNumeric + ": +"},
      {"-", kNotNumeric + ": -"},
      {".", kNotNumeric + ": ."},
      {"--1", kNotNumeric + ": --1"},
      {"1,5", kNotNumeric + ": 1,5"},
      {"NaN", kNotNumeric + ": NaN"},
      {"-NaN", kNotNumeric + ": -NaN"},
      {"Infinity", kNotNumeric + ": Infinity"},
      {"-Infinity", kNotNumeric + ": -Infinity"},
      {"1e9223372036854775808", kNotNumeric + ": 1e9223372036854775808"},
      {"1e126", kOverflow},
      {"-1e126", kOverflow},
      {"10E125", kOverflow},
      {"11e125", kOverflow},
      {"0e126", kOverflow},
      {"1e2147483647", kOverflow},
      {"1e2147483648", kOverflow},
      {"1e99999999999", kOverflow},
      {"-1e99999999999", kOverflow},
      {"1e9223372036854775807", kOverflow},
      {"1e-131", kUnderflow},
      {"-1e-131", kUnderflow},
      {"0.9e-130", kUnderflow},
      {"0e-131", kUnderflow},
      {"1e-2147483648", kUnderflow},
      {"1e-99999999999", kUnderflow},
      {"1e-9223372036854775808", kUnderflow},
      {"123456789012345678901234567890123456789", kTooManyDigits},
      {"-1.23456789012345678901234567890123456789", kTooManyDigits},
      {"3.14159265358979323846264338327950288419", kTooManyDigits},
      {"314159265358979323846264338327950288419e30", kTooManyDigits},
      {"1234567890123456789012345678901234567890", kTooManyDigits},
      // Range comes before precision.
      {"1234567890123456789012345678901234567890e100", kOverflow},
  };
  for (const auto& c : cases) EXPECT_EQ(parsed(c.text), c.want) << c.text;
}

TEST(Number, LegacyLayerWording) {
  // BatchWriteItem and the transactions read numbers as Java's BigDecimal.
  EXPECT_EQ(parsed("", MessageStyle::kLegacy), kNotNumeric);
  EXPECT_EQ(parsed("abc", MessageStyle::kLegacy), kNotNumeric + ": abc");
  EXPECT_EQ(parsed("1e126", MessageStyle::kLegacy), kOverflow);
  EXPECT_EQ(parsed("1e2147483647", MessageStyle::kLegacy), kUnderflow);
  EXPECT_EQ(parsed("1e-131", MessageStyle::kLegacy), kUnderflow);
  EXPECT_EQ(parsed("1.50", MessageStyle::kLegacy), "1.5");
  EXPECT_EQ(parsed("1E125", MessageStyle::kLegacy), "1" + zeros(125));
}

TEST(Number, ExposesCanonicalParts) {
  Number n = Number::parse("-0012.3400e1");
  EXPECT_TRUE(n.is_negative());
  EXPECT_EQ(n.digits(), "1234");
  EXPECT_EQ(n.exponent(), 2);
  EXPECT_EQ(Number::from_parts(true, "1234", 2), n);
  EXPECT_FALSE(Number::from_parts(false, "0123", 2));
  EXPECT_FALSE(Number::from_parts(false, "1230", 2));
  EXPECT_FALSE(Number::from_parts(false, "1", 126));
  EXPECT_FALSE(Number::from_parts(true, "", 0));
  EXPECT_EQ(Number::from_integer(-9223372036854775807LL - 1).to_string(), "-9223372036854775808");
  EXPECT_EQ(Number().to_string(), "0");
  EXPECT_EQ(Number::parse("5").negated().to_string(), "-5");
  EXPECT_EQ(Number().negated().to_string(), "0");
}

TEST(Number, TotalOrder) {
  // Strictly increasing.
  const std::vector<std::string> ascending = {
      "-9.9999999999999999999999999999999999999E+125",
      "-1e125",
      "-10",
      "-9.99",
      "-1.05",
      "-1.0000000000000000000000000000000000001",
      "-1",
      "-0.1",
      "-0.09",
      "-1e-130",
      "0",
      "1e-130",
      "1.1e-130",
      "0.09",
      "0.1",
      "0.10000000000000000000000000000000000001",
      "1",
      "1.05",
      "9.9",
      "10",
      "100.5",
      "1e125",
      "9.9999999999999999999999999999999999999E+125",
  };
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      Number a = Number::parse(ascending[i]);
      Number b = Number::parse(ascending[j]);
      EXPECT_EQ(a <=> b, i <=> j) << ascending[i] << " vs " << ascending[j];
      EXPECT_EQ(a == b, i == j) << ascending[i] << " vs " << ascending[j];
    }
  }
  EXPECT_EQ(Number::parse("1.5"), Number::parse("15E-1"));
  EXPECT_EQ(Number::parse("-0"), Number::parse("0e10"));
}

TEST(Number, AddsAndSubtractsExactly) {
  struct Case {
    std::string a;
    char op;
    std::string b;
    std::string want;
  };
  const Case cases[] = {
      {"0.1", '+', "0.2", "0.3"},
      {"1", '+', "10000000000000000000000", "10000000000000000000001"},
      {"10000000000000000000000", '-', "1", "9999999999999999999999"},
      {"-5", '+', "5", "0"},
      {"5", '-', "5", "0"},
      {"0", '-', "5", "-5"},
      {"5", '-', "0", "5"},
      {"1.5", '-', "2.25", "-0.75"},
      {"-1.5", '-', "2.25", "-3.75"},
      {"-1.5", '+', "-2.25", "-3.75"},
      {"-1.5", '-', "-2.25", "0.75"},
      {"0.001", '+', "1000", "1000.001"},
      {"99", '+', "1", "100"},
      {"100", '-', "1", "99"},
      {"1", '-', "0.0001", "0.9999"},
      {nines(38), '+', "1", "1" + zeros(38)},
      {"12345678901234567890123456789012345678", '-', "12345678901234567890123456789012345677",
       "1"},
      {"1e-130", '+', "1e-130", "0." + zeros(129) + "2"},
      {"9e125", '-', "9e125", "0"},
      {"5e125", '+', "4.9999999999999999999999999999999999999e125", nines(38) + zeros(88)},
      // Needing a 39th digit is reported as an overflow, as AWS does.
      {nines(38), '+', "2", kOverflow},
      {"1e50", '+', "1", kOverflow},
      {"1e50", '-', "1", kOverflow},
      {"1E+125", '+', "1", kOverflow},
      {"9e125", '+', "9e125", kOverflow},
      {"9e125", '-', "-9e125", kOverflow},
      {"9.9999999999999999999999999999999999999E+125", '+', "1E+125", kOverflow},
      {"-9.9999999999999999999999999999999999999E+125", '-', "1E+125", kOverflow},
      {"2e-130", '-', "1.5e-130", kUnderflow},
  };
  for (const auto& c : cases) {
    std::string got = outcome([&] {
      Number a = Number::parse(c.a);
      Number b = Number::parse(c.b);
      return (c.op == '+' ? a.add(b) : a.subtract(b)).to_string();
    });
    EXPECT_EQ(got, c.want) << c.a << ' ' << c.op << ' ' << c.b;
  }
}

}  // namespace
}  // namespace localcloud::dynamodb::model
