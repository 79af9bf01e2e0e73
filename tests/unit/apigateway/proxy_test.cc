// The Lambda proxy contract: the payload-1.0 event as AWS records it
// (shared/golden/localstack/apigateway/test_apigateway_lambda.snapshot.json)
// and the mapping of a function's result to the response.
#include "event/proxy.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "event/codec.h"
#include "localcloud/core/base64.h"

namespace localcloud::apigateway::event {
namespace {

using Json = nlohmann::json;

RequestInfo sample() {
  RequestInfo r;
  r.http_method = "GET";
  r.path = "/proxy-value";
  r.context_path = "/stage/proxy-value";
  r.headers.add("Host", "abc123.execute-api.localhost:4566");
  r.headers.add("User-Agent", "python-requests/testing");
  r.headers.add("tEsT-HEADeR", "aValUE");
  r.source_ip = "127.0.0.1";
  r.request_id = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
  r.extended_request_id = "abcdefghijklmno=";
  r.time_ms = 1428582896000;
  r.account_id = "000000000000";
  r.api_id = "abc123";
  r.stage = "stage";
  r.deployment_id = "dep1";
  r.resource_id = "res1";
  r.resource_path = "/{proxy+}";
  r.domain_name = "abc123.execute-api.localhost";
  r.path_params = {{"proxy", "proxy-value"}};
  return r;
}

TEST(ProxyEventTest, FieldsAsAwsRecordsThem) {
  Json e = Json::parse(proxy_event(sample()));
  EXPECT_EQ(e["resource"], "/{proxy+}");
  EXPECT_EQ(e["path"], "/proxy-value");
  EXPECT_EQ(e["httpMethod"], "GET");
  EXPECT_EQ(e["headers"]["tEsT-HEADeR"], "aValUE");
  EXPECT_EQ(e["multiValueHeaders"]["tEsT-HEADeR"], Json::array({"aValUE"}));
  EXPECT_TRUE(e["queryStringParameters"].is_null());
  EXPECT_TRUE(e["multiValueQueryStringParameters"].is_null());
  EXPECT_EQ(e["pathParameters"], Json({{"proxy", "proxy-value"}}));
  EXPECT_TRUE(e["stageVariables"].is_null());
  EXPECT_TRUE(e["body"].is_null());
  EXPECT_EQ(e["isBase64Encoded"], false);
  const Json& rc = e["requestContext"];
  EXPECT_EQ(rc["accountId"], "000000000000");
  EXPECT_EQ(rc["apiId"], "abc123");
  EXPECT_EQ(rc["deploymentId"], "dep1");
  EXPECT_EQ(rc["domainName"], "abc123.execute-api.localhost");
  EXPECT_EQ(rc["domainPrefix"], "abc123");
  EXPECT_EQ(rc["extendedRequestId"], "abcdefghijklmno=");
  EXPECT_EQ(rc["httpMethod"], "GET");
  EXPECT_EQ(rc["path"], "/stage/proxy-value");
  EXPECT_EQ(rc["protocol"], "HTTP/1.1");
  EXPECT_EQ(rc["requestId"], "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
  EXPECT_EQ(rc["requestTime"], "09/Apr/2015:12:34:56 +0000");
  EXPECT_EQ(rc["requestTimeEpoch"], 1428582896000);
  EXPECT_EQ(rc["resourceId"], "res1");
  EXPECT_EQ(rc["resourcePath"], "/{proxy+}");
  EXPECT_EQ(rc["stage"], "stage");
  // identity: every field AWS records, null unless known.
  std::string keys;
  for (const auto& [k, v] : rc["identity"].items()) keys += k + (v.is_null() ? "=null " : " ");
  EXPECT_EQ(keys,
            "accessKey=null accountId=null caller=null cognitoAuthenticationProvider=null "
            "cognitoAuthenticationType=null cognitoIdentityId=null cognitoIdentityPoolId=null "
            "principalOrgId=null sourceIp user=null userAgent userArn=null ");
  EXPECT_EQ(rc["identity"]["userAgent"], "python-requests/testing");
}

TEST(ProxyEventTest, QueryStringsLastValueWinsAndDecode) {
  auto r = sample();
  r.query = "category=electronics&price=10&category=books&price=20&price=30&plus=test+alias"
            "&email=test%2Balias%40gmail.com&empty";
  Json e = Json::parse(proxy_event(r));
  EXPECT_EQ(e["queryStringParameters"],
            Json({{"category", "books"}, {"price", "30"}, {"plus", "test alias"},
                  {"email", "test+alias@gmail.com"}, {"empty", ""}}));
  EXPECT_EQ(e["multiValueQueryStringParameters"]["category"], Json({"electronics", "books"}));
  EXPECT_EQ(e["multiValueQueryStringParameters"]["price"], Json({"10", "20", "30"}));
}

TEST(ProxyEventTest, BodyAndBinary) {
  auto r = sample();
  r.body = "{\"message\": \"hello world\"}";
  r.stage_variables = {{"env", "test"}};
  Json e = Json::parse(proxy_event(r));
  EXPECT_EQ(e["body"], "{\"message\": \"hello world\"}");
  EXPECT_EQ(e["isBase64Encoded"], false);
  EXPECT_EQ(e["stageVariables"], Json({{"env", "test"}}));

  r.headers.add("Content-Type", "image/png");
  r.body = std::string("\x89PNG\0\x01", 6);
  r.binary_media_types = {"image/*"};
  e = Json::parse(proxy_event(r));
  EXPECT_EQ(e["isBase64Encoded"], true);
  EXPECT_EQ(base64::decode(e["body"].get<std::string>()), r.body);
}

// The event as the first implementation built it, a document written out by
// the JSON library: proxy_event writes the same bytes without the document.
std::string reference_event(const RequestInfo& r) {
  using Ordered = nlohmann::ordered_json;
  auto nullable = [](std::string_view s) { return s.empty() ? Ordered() : Ordered(s); };
  Ordered event;
  event["resource"] = r.resource_path;
  event["path"] = r.path;
  event["httpMethod"] = r.http_method;
  Ordered headers = Ordered::object(), multi_headers = Ordered::object();
  for (const auto& f : r.headers) {
    headers[f.name] = f.value;
    auto& list = multi_headers[f.name];
    if (list.is_null()) list = Ordered::array();
    list.push_back(f.value);
  }
  event["headers"] = headers;
  event["multiValueHeaders"] = multi_headers;
  auto query = parse_query(r.query);
  if (query.empty()) {
    event["queryStringParameters"] = nullptr;
    event["multiValueQueryStringParameters"] = nullptr;
  } else {
    Ordered single = Ordered::object(), multi = Ordered::object();
    for (const auto& [name, value] : query) {
      single[name] = value;
      auto& list = multi[name];
      if (list.is_null()) list = Ordered::array();
      list.push_back(value);
    }
    event["queryStringParameters"] = single;
    event["multiValueQueryStringParameters"] = multi;
  }
  if (r.path_params.empty()) {
    event["pathParameters"] = nullptr;
  } else {
    Ordered params = Ordered::object();
    for (const auto& [name, value] : r.path_params) params[name] = value;
    event["pathParameters"] = params;
  }
  event["stageVariables"] = r.stage_variables.empty() ? Ordered() : Ordered(r.stage_variables);
  std::string user_agent(r.headers.find("user-agent").value_or(""));
  Ordered identity{{"accessKey", nullptr},
                   {"accountId", nullptr},
                   {"caller", nullptr},
                   {"cognitoAuthenticationProvider", nullptr},
                   {"cognitoAuthenticationType", nullptr},
                   {"cognitoIdentityId", nullptr},
                   {"cognitoIdentityPoolId", nullptr},
                   {"principalOrgId", nullptr},
                   {"sourceIp", r.source_ip},
                   {"user", nullptr},
                   {"userAgent", nullable(user_agent)},
                   {"userArn", nullptr}};
  std::string prefix = r.domain_name.substr(0, r.domain_name.find('.'));
  event["requestContext"] = Ordered{{"accountId", r.account_id},
                                    {"apiId", r.api_id},
                                    {"deploymentId", r.deployment_id},
                                    {"domainName", r.domain_name},
                                    {"domainPrefix", prefix},
                                    {"extendedRequestId", r.extended_request_id},
                                    {"httpMethod", r.http_method},
                                    {"identity", identity},
                                    {"path", r.context_path},
                                    {"protocol", "HTTP/1.1"},
                                    {"requestId", r.request_id},
                                    {"requestTime", request_time(r.time_ms)},
                                    {"requestTimeEpoch", r.time_ms},
                                    {"resourceId", r.resource_id},
                                    {"resourcePath", r.resource_path},
                                    {"stage", r.stage}};
  bool binary = !r.body.empty() &&
                is_binary(r.headers.find("content-type").value_or(""), r.binary_media_types);
  if (r.body.empty())
    event["body"] = nullptr;
  else
    event["body"] = binary ? base64::encode(r.body) : r.body;
  event["isBase64Encoded"] = binary;
  return event.dump(-1, ' ', false, Ordered::error_handler_t::replace);
}

TEST(ProxyEventTest, TextAndDocumentAreTheLibrarysBytesAndDocument) {
  std::vector<RequestInfo> cases;
  cases.push_back(sample());
  {
    auto r = sample();  // repeated names: the last value, where the name first appeared
    r.headers.add("Accept", "a/b");
    r.headers.add("X-Dup", "1");
    r.headers.add("accept", "c/d");
    r.headers.add("X-Dup", "2");
    r.headers.add("X-Dup", "3");
    r.query = "a=1&b=2&a=3&c&b=4";
    r.path_params = {{"id", "7"}, {"rest", "x/y"}};
    r.stage_variables = {{"z", "last"}, {"a", "first"}};
    cases.push_back(r);
  }
  {
    auto r = sample();  // everything JSON must escape, and text that is not UTF-8
    static constexpr char kBody[] = "{\"q\": \"a\\\\b\"}\n\t\r\b\f\x01\x1f\x7f / \0 end";
    r.body = std::string(kBody, sizeof kBody - 1);
    r.headers.add("X-Utf8", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    r.headers.add("X-Broken", "a\xff b\xc3 c\xed\xa0\x80 d\xe2\x82");
    r.headers.add("X-Bro\x80ken-Name", "v");
    r.headers.add("User-Agent", "");
    r.query = "q=%C3%A9&bad=%FF%FE&e=%22%5C";
    r.path = "/caf\xc3\xa9/\xc3";
    r.domain_name = "nodots";
    cases.push_back(r);
  }
  {
    auto r = sample();  // a binary body
    r.headers.add("Content-Type", "application/octet-stream");
    r.binary_media_types = {"application/octet-stream"};
    r.body = std::string("\0\xff\xfe\x80 bytes", 10);
    r.time_ms = 0;
    cases.push_back(r);
  }
  {
    RequestInfo r;  // nothing at all
    cases.push_back(r);
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string want = reference_event(cases[i]);
    EXPECT_EQ(proxy_event(cases[i]), want) << "case " << i;
    EXPECT_EQ(proxy_event_document(cases[i]), nlohmann::ordered_json::parse(want)) << "case " << i;
    EXPECT_EQ(proxy_event_document(cases[i]).dump(), nlohmann::ordered_json::parse(want).dump())
        << "case " << i << ": key order";
  }
  // Written into a document that held another event (every case after
  // every other, and into unrelated JSON), the event is the same, in order.
  for (size_t before = 0; before < cases.size(); ++before) {
    for (size_t i = 0; i < cases.size(); ++i) {
      nlohmann::ordered_json reused;
      proxy_event_document(cases[before], reused);
      proxy_event_document(cases[i], reused);
      EXPECT_EQ(reused.dump(), proxy_event_document(cases[i]).dump())
          << "case " << i << " after case " << before;
    }
  }
  for (const char* other : {"[1,2,{\"a\":null}]", "\"text\"", "{\"body\":{\"x\":[1]},\"z\":1}"}) {
    auto reused = nlohmann::ordered_json::parse(other);
    proxy_event_document(cases[0], reused);
    EXPECT_EQ(reused.dump(), proxy_event_document(cases[0]).dump()) << other;
  }
}

// One row per recorded case of test_aws_proxy_response_payload_format_validation.
TEST(ProxyResponseTest, Contract) {
  auto render = [](std::string_view payload, bool binary = false) {
    auto r = parse_proxy_response(payload, binary);
    if (!r) return std::string("502");
    std::string out = std::to_string(r->status);
    for (const auto& f : r->headers) out += " " + f.name + ":" + f.value;
    return out + " [" + r->body + "]";
  };
  struct Case {
    const char* payload;
    const char* want;
  } cases[] = {
      {R"({"statusCode": 200})", "200 Content-Type:application/json []"},
      {R"({"statusCode": 200, "headers": {"test-header": "value", "header-bool": true}})",
       "200 test-header:value header-bool:true Content-Type:application/json []"},
      {R"({"statusCode": 200, "headers": null})", "200 Content-Type:application/json []"},
      {R"({"statusCode": 200, "wrongValue": "value"})", "502"},
      {R"({})", "200 Content-Type:application/json []"},
      {R"("")", "502"},
      {R"("just a string")", "502"},
      {R"([1, 2])", "502"},
      {R"(not json)", "502"},
      {R"({"statusCode": 200, "body": "dGVzdC1kYXRh", "isBase64Encoded": true})",
       "200 Content-Type:application/json [dGVzdC1kYXRh]"},
      {R"({"statusCode": 200, "body": "dGVzdC1kYXRh", "isBase64Encoded": false})",
       "200 Content-Type:application/json [dGVzdC1kYXRh]"},
      {R"({"multiValueHeaders": {"test-multi": ["value1", "value2"]}})",
       "200 test-multi:value1 test-multi:value2 Content-Type:application/json []"},
      {R"({"multiValueHeaders": {"test-multi": ["value-multi"]}, "headers": {"test-multi": "value-solo"}})",
       "200 test-multi:value-multi test-multi:value-solo Content-Type:application/json []"},
      {R"({"multiValueHeaders": {"test-multi": "value-multi"}})", "502"},
      {R"({"statusCode": "hello"})", "502"},
      {R"({"statusCode": "201"})", "201 Content-Type:application/json []"},
      {R"({"statusCode": 99})", "502"},
      {R"({"headers": {"Content-Type": "text/plain"}, "body": "hi"})", "200 Content-Type:text/plain [hi]"},
      {R"({"body": {"not": "a string"}})", "502"},
  };
  for (const auto& c : cases) EXPECT_EQ(render(c.payload), c.want) << c.payload;
  // A document, as an in-process handler answers, maps as its text does.
  auto render_document = [](std::string_view payload) {
    auto j = nlohmann::ordered_json::parse(payload, nullptr, false);
    if (j.is_discarded()) return std::string("502");
    auto r = parse_proxy_document(std::move(j), false);
    if (!r) return std::string("502");
    std::string out = std::to_string(r->status);
    for (const auto& f : r->headers) out += " " + f.name + ":" + f.value;
    return out + " [" + r->body + "]";
  };
  for (const auto& c : cases) EXPECT_EQ(render_document(c.payload), c.want) << c.payload;
  // Decoded only when the client accepts a binary media type.
  EXPECT_EQ(render(R"({"body": "dGVzdC1kYXRh", "isBase64Encoded": true})", true),
            "200 Content-Type:application/json [test-data]");
}

TEST(CodecTest, BinaryMediaTypes) {
  EXPECT_TRUE(is_binary("image/png", {"image/png"}));
  EXPECT_TRUE(is_binary("Image/PNG; q=1", {"image/*"}));
  EXPECT_TRUE(is_binary("application/octet-stream", {"*/*"}));
  EXPECT_FALSE(is_binary("application/json", {"image/*"}));
  EXPECT_FALSE(is_binary("", {"*/*"}));
}

}  // namespace
}  // namespace localcloud::apigateway::event
