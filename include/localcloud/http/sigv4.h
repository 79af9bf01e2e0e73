// Signature Version 4 verification for --require-auth: decides whether a
// request was signed, with a known access key, the way the AWS SDKs and the
// AWS CLI sign (Authorization header, or the presigned query form).
//
// Canonical request rules (AWS's "Create a signed AWS API request"): the
// path as sent, URI-encoded once more (every service but S3); the query
// decoded, re-encoded strictly (RFC 3986 unreserved kept, %XX upper case)
// and sorted by name then value; the signed headers' values trimmed with
// inner runs of spaces collapsed, repeats joined by ','; the payload hash
// from x-amz-content-sha256 when sent (UNSIGNED-PAYLOAD allowed), else
// the SHA-256 of the body. The credential scope's region and service are
// taken as the client states them.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "localcloud/http/message.h"

namespace localcloud::http {

struct AccessKey {
  std::string id;
  std::string secret;
};

// Why a request is refused. `message` is AWS's text for kIncomplete and
// kExpired; the others' texts depend on the service answering.
struct SignatureProblem {
  enum class Kind {
    kMissing,     // MissingAuthenticationTokenException
    kIncomplete,  // IncompleteSignatureException
    kUnknownKey,  // UnrecognizedClientException
    kMismatch,    // InvalidSignatureException
    kExpired,     // InvalidSignatureException "Signature expired: ..."
  };
  Kind kind;
  std::string message;
};

// AWS's error code for `kind`.
std::string_view error_code(SignatureProblem::Kind kind);

class SigV4Verifier {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // `keys` with duplicate ids: the last wins. `clock` is the wall clock
  // unless a test gives another.
  explicit SigV4Verifier(const std::vector<AccessKey>& keys, Clock clock = {});

  // nullopt when `request` carries a valid signature by a known key whose
  // X-Amz-Date is within `max_skew` of now. Thread-safe.
  std::optional<SignatureProblem> verify(const Request& request,
                                         std::chrono::minutes max_skew) const;

 private:
  std::unordered_map<std::string, std::string> secrets_;
  Clock clock_;
};

// The canonical request and the string to sign, exposed for tests.
// `signed_headers` is the SignedHeaders list as sent ("host;x-amz-date");
// `exclude_signature` drops X-Amz-Signature from the query (presigned).
std::string canonical_request(const Request& request, std::string_view signed_headers,
                              std::string_view payload_hash, bool exclude_signature);

// "AWS4-HMAC-SHA256\n<date>\n<scope>\n<hex sha256 of canonical>".
std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical);

// The hex signature of `to_sign` under `secret` for `scope`
// ("<yyyymmdd>/<region>/<service>/aws4_request").
std::string signature(std::string_view secret, std::string_view scope, std::string_view to_sign);

}  // namespace localcloud::http
