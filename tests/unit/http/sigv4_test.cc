#include "localcloud/http/sigv4.h"

#include <gtest/gtest.h>

#include <ctime>

namespace localcloud::http {
namespace {

using Kind = SignatureProblem::Kind;

const AccessKey kKey{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};

// 2015-08-30T12:36:00Z, the time of AWS's published examples; the
// signatures below are what botocore computes for these requests.
std::chrono::system_clock::time_point example_time(int plus_seconds = 0) {
  std::tm tm{};
  tm.tm_year = 115;
  tm.tm_mon = 7;
  tm.tm_mday = 30;
  tm.tm_hour = 12;
  tm.tm_min = 36;
  return std::chrono::system_clock::from_time_t(timegm(&tm) + plus_seconds);
}

SigV4Verifier verifier_at(int plus_seconds = 0) {
  return SigV4Verifier({kKey}, [plus_seconds] { return example_time(plus_seconds); });
}

Request request(std::string method, std::string target, std::string host) {
  Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers.add("Host", std::move(host));
  r.headers.add("X-Amz-Date", "20150830T123600Z");
  return r;
}

std::string authorization(std::string_view service, std::string_view signed_headers,
                          std::string_view signature) {
  return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/" + std::string(service) +
         "/aws4_request, SignedHeaders=" + std::string(signed_headers) +
         ", Signature=" + std::string(signature);
}

// AWS's "get-vanilla" example from the Signature Version 4 test suite.
TEST(SigV4, AwsGetVanillaExample) {
  Request r = request("GET", "/", "example.amazonaws.com");
  r.headers.add("Authorization",
                authorization("service", "host;x-amz-date",
                              "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
  EXPECT_EQ(verifier_at().verify(r, std::chrono::minutes(15)), std::nullopt);
}

Request dynamodb_list_tables() {
  Request r = request("POST", "/", "127.0.0.1:4566");
  r.headers.add("X-Amz-Target", "DynamoDB_20120810.ListTables");
  r.headers.add("Content-Type", "application/x-amz-json-1.0");
  r.headers.add("Authorization",
                authorization("dynamodb", "content-type;host;x-amz-date;x-amz-target",
                              "73d466343ca7f35dc7784565fd569295c9caa69395eeb50afad228e8f85b8754"));
  r.body = "{}";
  return r;
}

TEST(SigV4, JsonProtocolRequestAsBotocoreSignsIt) {
  EXPECT_EQ(verifier_at().verify(dynamodb_list_tables(), std::chrono::minutes(15)), std::nullopt);
}

// The path as sent is encoded once more; the query is sorted by encoded
// name ("A" before "Q" before "a") and values re-encoded.
TEST(SigV4, EncodedPathAndQueryAsBotocoreSignsThem) {
  Request r = request("GET",
                      "/2015-03-31/functions/"
                      "arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Amy-fn/"
                      "configuration?Qualifier=%24LATEST&a=b%20c&A=x",
                      "localhost:4566");
  r.headers.add("Authorization",
                authorization("lambda", "host;x-amz-date",
                              "27615a30d9ec1974777b7aee9a77cffe704a2e72074606ce78936e8635020eaf"));
  EXPECT_EQ(verifier_at().verify(r, std::chrono::minutes(5)), std::nullopt);
}

TEST(SigV4, PresignedQueryForm) {
  Request r;
  r.method = "GET";
  r.target =
      "/2015-03-31/functions?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F"
      "20150830%2Fus-east-1%2Flambda%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires="
      "300&X-Amz-SignedHeaders=host&X-Amz-Signature="
      "4134edd85478f45729f7a559bfc53946753e0ad425a1dacfabfb1bcdaefe6836";
  r.headers.add("Host", "localhost:4566");
  EXPECT_EQ(verifier_at(60).verify(r, std::chrono::minutes(5)), std::nullopt);
  auto late = verifier_at(301).verify(r, std::chrono::minutes(15));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->kind, Kind::kExpired);
}

TEST(SigV4, RefusalsNameWhatIsWrong) {
  auto v = verifier_at();
  auto kind_of = [&](const Request& r) {
    auto problem = v.verify(r, std::chrono::minutes(15));
    return problem ? static_cast<int>(problem->kind) : -1;
  };
  Request unsigned_request = request("POST", "/", "127.0.0.1:4566");
  EXPECT_EQ(kind_of(unsigned_request), static_cast<int>(Kind::kMissing));

  Request tampered = dynamodb_list_tables();
  tampered.body = "{\"Limit\":1}";
  EXPECT_EQ(kind_of(tampered), static_cast<int>(Kind::kMismatch));

  Request other_target = dynamodb_list_tables();
  other_target.headers.set("X-Amz-Target", "DynamoDB_20120810.DeleteTable");
  EXPECT_EQ(kind_of(other_target), static_cast<int>(Kind::kMismatch));

  Request unknown = dynamodb_list_tables();
  unknown.headers.set("Authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDOTHER/20150830/us-east-1/dynamodb/"
                      "aws4_request, SignedHeaders=host, Signature=00");
  EXPECT_EQ(kind_of(unknown), static_cast<int>(Kind::kUnknownKey));

  Request declared = dynamodb_list_tables();
  declared.headers.add("X-Amz-Content-SHA256", std::string(64, '0'));
  EXPECT_EQ(kind_of(declared), static_cast<int>(Kind::kMismatch));
}

TEST(SigV4, IncompleteHeadersGetAwsText) {
  auto v = verifier_at();
  Request bearer = request("GET", "/restapis", "localhost");
  bearer.headers.remove("X-Amz-Date");
  bearer.headers.add("Authorization", "Bearer abc");
  auto problem = v.verify(bearer, std::chrono::minutes(5));
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->kind, Kind::kIncomplete);
  EXPECT_EQ(problem->message,
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
            "header. Authorization=Bearer abc");
  EXPECT_EQ(error_code(problem->kind), "IncompleteSignatureException");
}

TEST(SigV4, ClockSkewBeyondTheWindowIsExpiredWithAwsText) {
  auto problem = verifier_at(16 * 60).verify(dynamodb_list_tables(), std::chrono::minutes(15));
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->kind, Kind::kExpired);
  EXPECT_EQ(problem->message,
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z "
            "(20150830T125200Z - 15 min.)");
  EXPECT_EQ(verifier_at(14 * 60).verify(dynamodb_list_tables(), std::chrono::minutes(15)),
            std::nullopt);
  auto early = verifier_at(-6 * 60).verify(dynamodb_list_tables(), std::chrono::minutes(5));
  ASSERT_TRUE(early);
  EXPECT_EQ(early->message,
            "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z "
            "(20150830T123000Z + 5 min.)");
}

}  // namespace
}  // namespace localcloud::http
