// The request-target decoders every service uses (percent_decode,
// parse_query) and Request's path/query split: never throw, decoding undoes
// percent-encoding, and a query's pairs re-encoded parse back to themselves.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "localcloud/http/message.h"
#include "localcloud/http/url.h"

using namespace localcloud;

namespace {

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::require(http::percent_decode(percent_encode(text)) == text, "decode(encode(x)) != x");
  fuzz::require(http::percent_decode(percent_encode(text), true) == text,
                "decode(encode(x)) != x with '+' as space");
  std::string decoded = http::percent_decode(text);
  fuzz::require(decoded.size() <= text.size(), "decoding grew the text");

  http::Request request;
  request.target = std::string(text);
  fuzz::require(std::string(request.path()) +
                        (request.query().empty() && text.find('?') == std::string_view::npos
                             ? ""
                             : "?" + std::string(request.query())) ==
                    text,
                "path and query do not make up the target");

  auto pairs = http::parse_query(request.query());
  std::string rebuilt;
  for (const auto& [name, value] : pairs) {
    if (!rebuilt.empty()) rebuilt += '&';
    rebuilt += percent_encode(name) + "=" + percent_encode(value);
  }
  auto again = http::parse_query(rebuilt);
  fuzz::require(again == pairs, "query pairs do not survive re-encoding", rebuilt);
  return 0;
}
