// remap_integration_headers: what an integration's response headers become
// on their way to the client, by integration type.
#include <gtest/gtest.h>

#include "integration/executor.h"

namespace localcloud::apigateway::integration {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs remapped(const Pairs& in, std::string_view type) {
  http::Headers h;
  for (const auto& [n, v] : in) h.add(n, v);
  remap_integration_headers(h, type);
  Pairs out;
  for (const auto& f : h) out.emplace_back(f.name, f.value);
  return out;
}

TEST(RemapIntegrationHeaders, ProxyRenamesTheGatewaysOwnFieldsAndKeepsTheRest) {
  Pairs in = {{"content-length", "999"},   {"Date", "d"},          {"Server", "fn"},
              {"Connection", "close"},     {"Transfer-Encoding", "chunked"},
              {"WWW-Authenticate", "Basic"}, {"x-mine", "1"},       {"Via", "v"}};
  Pairs want = {{"x-amzn-Remapped-Content-Length", "999"}, {"x-amzn-Remapped-Date", "d"},
                {"x-amzn-Remapped-Server", "fn"},          {"x-amzn-Remapped-Connection", "close"},
                {"WWW-Authenticate", "Basic"},             {"x-mine", "1"},
                {"Via", "v"}};
  EXPECT_EQ(remapped(in, "AWS_PROXY"), want);
  EXPECT_EQ(remapped(in, "MOCK"), want);
  want.pop_back();  // an HTTP backend's Via goes
  EXPECT_EQ(remapped(in, "HTTP_PROXY"), want);
}

TEST(RemapIntegrationHeaders, NonProxyRenamesMore) {
  Pairs in = {{"WWW-Authenticate", "Basic"}, {"authorization", "t"}, {"User-Agent", "u"},
              {"Server", "s"}, {"x-mine", "1"}};
  Pairs want = {{"x-amzn-Remapped-WWW-Authenticate", "Basic"},
                {"x-amzn-Remapped-Authorization", "t"},
                {"x-amzn-Remapped-User-Agent", "u"},
                {"x-amzn-Remapped-Server", "s"},
                {"x-mine", "1"}};
  EXPECT_EQ(remapped(in, "AWS"), want);
  EXPECT_EQ(remapped(in, "HTTP"), want);
}

TEST(RemapIntegrationHeaders, EmptyValuesAreNotRenamedButDropped) {
  EXPECT_EQ(remapped({{"Server", ""}, {"a", "b"}}, "AWS_PROXY"), (Pairs{{"a", "b"}}));
}

TEST(RemapIntegrationHeaders, NothingToDoLeavesTheFieldsAsTheyAre) {
  Pairs in = {{"Content-Type", "application/json"}, {"x-a", "1"}, {"x-a", "2"}};
  EXPECT_EQ(remapped(in, "AWS_PROXY"), in);
}

}  // namespace
}  // namespace localcloud::apigateway::integration
