#include "localcloud/http/sigv4.h"

#include <algorithm>
#include <ctime>
#include <utility>
#include <variant>

#include "localcloud/core/sha256.h"
#include "localcloud/http/url.h"

namespace localcloud::http {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// RFC 3986 encoding as SigV4 wants it: unreserved kept, the rest %XX in
// upper case; '/' kept too when `keep_slash`.
std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A header value as signed: trimmed, inner runs of spaces made one.
void append_canonical_value(std::string& out, std::string_view value) {
  value = trim(value);
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
}

std::string canonical_query(std::string_view query, bool exclude_signature) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (auto& [name, value] : parse_query(query, false)) {
    if (exclude_signature && name == "X-Amz-Signature") continue;
    pairs.emplace_back(uri_encode(name, false), uri_encode(value, false));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out.append(name).append("=").append(value);
  }
  return out;
}

// "20150830T123600Z" as a time, or nullopt.
std::optional<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  auto digits = [&](size_t at, size_t n) -> int {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  std::tm tm{};
  tm.tm_year = digits(0, 4) - 1900;
  tm.tm_mon = digits(4, 2) - 1;
  tm.tm_mday = digits(6, 2);
  tm.tm_hour = digits(9, 2);
  tm.tm_min = digits(11, 2);
  tm.tm_sec = digits(13, 2);
  if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
      tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
      tm.tm_sec > 60)
    return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string format_amz_date(std::chrono::system_clock::time_point t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[20];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// What a request says about its signature, from either form.
struct Claim {
  std::string credential;
  std::string signed_headers;
  std::string signature;
  std::string amz_date;
  std::optional<long> expires_seconds;  // presigned only
  bool presigned = false;
};

// Parses "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...".
std::variant<Claim, SignatureProblem> parse_header(std::string_view header,
                                                   const Request& request) {
  Claim claim;
  std::string_view rest = trim(header);
  bool known_algorithm = rest.starts_with(kAlgorithm) &&
                         (rest.size() == kAlgorithm.size() || rest[kAlgorithm.size()] == ' ');
  if (known_algorithm) {
    rest.remove_prefix(kAlgorithm.size());
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view part = trim(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (part.empty()) continue;
      size_t eq = part.find('=');
      if (eq == std::string_view::npos)
        return SignatureProblem{SignatureProblem::Kind::kIncomplete,
                                "'" + std::string(part) +
                                    "' not a valid key=value pair (missing equal-sign) in "
                                    "Authorization header: '" +
                                    std::string(header) + "'."};
      std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
      if (key == "Credential") claim.credential = value;
      if (key == "SignedHeaders") claim.signed_headers = value;
      if (key == "Signature") claim.signature = value;
    }
  }
  if (auto date = request.headers.find("x-amz-date")) claim.amz_date = *date;
  std::string missing;
  if (claim.credential.empty()) missing += "Authorization header requires 'Credential' parameter. ";
  if (claim.signature.empty()) missing += "Authorization header requires 'Signature' parameter. ";
  if (claim.signed_headers.empty())
    missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (claim.amz_date.empty())
    missing +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (!missing.empty())
    return SignatureProblem{SignatureProblem::Kind::kIncomplete,
                            missing + "Authorization=" + std::string(header)};
  return claim;
}

std::variant<Claim, SignatureProblem> parse_query_form(const Request& request) {
  Claim claim;
  claim.presigned = true;
  std::string algorithm;
  for (auto& [name, value] : parse_query(request.query())) {
    if (name == "X-Amz-Algorithm") algorithm = value;
    if (name == "X-Amz-Credential") claim.credential = value;
    if (name == "X-Amz-SignedHeaders") claim.signed_headers = value;
    if (name == "X-Amz-Signature") claim.signature = value;
    if (name == "X-Amz-Date") claim.amz_date = value;
    if (name == "X-Amz-Expires") {
      try {
        claim.expires_seconds = std::stol(value);
      } catch (const std::exception&) {
        claim.expires_seconds = 0;
      }
    }
  }
  std::string missing;
  if (algorithm != kAlgorithm)
    missing += "AWS query-string parameters must include 'X-Amz-Algorithm'. ";
  if (claim.credential.empty())
    missing += "AWS query-string parameters must include 'X-Amz-Credential'. ";
  if (claim.signature.empty())
    missing += "AWS query-string parameters must include 'X-Amz-Signature'. ";
  if (claim.signed_headers.empty())
    missing += "AWS query-string parameters must include 'X-Amz-SignedHeaders'. ";
  if (claim.amz_date.empty()) missing += "AWS query-string parameters must include 'X-Amz-Date'. ";
  if (!missing.empty())
    return SignatureProblem{SignatureProblem::Kind::kIncomplete,
                            missing + "Re-examine the query-string parameters."};
  return claim;
}

}  // namespace

std::string_view error_code(SignatureProblem::Kind kind) {
  switch (kind) {
    case SignatureProblem::Kind::kMissing:
      return "MissingAuthenticationTokenException";
    case SignatureProblem::Kind::kIncomplete:
      return "IncompleteSignatureException";
    case SignatureProblem::Kind::kUnknownKey:
      return "UnrecognizedClientException";
    case SignatureProblem::Kind::kMismatch:
    case SignatureProblem::Kind::kExpired:
      return "InvalidSignatureException";
  }
  return "InvalidSignatureException";
}

std::string canonical_request(const Request& request, std::string_view signed_headers,
                              std::string_view payload_hash, bool exclude_signature) {
  std::string out = request.method;
  out.push_back('\n');
  std::string_view path = request.path();
  out.append(path.empty() ? "/" : uri_encode(path, true));
  out.push_back('\n');
  out.append(canonical_query(request.query(), exclude_signature));
  out.push_back('\n');
  std::string_view names = signed_headers;
  while (!names.empty()) {
    size_t semi = names.find(';');
    std::string name = lower(names.substr(0, semi));
    names = semi == std::string_view::npos ? std::string_view() : names.substr(semi + 1);
    out.append(name).push_back(':');
    bool first = true;
    for (const auto& field : request.headers) {
      if (!iequals(field.name, name)) continue;
      if (!first) out.push_back(',');
      first = false;
      append_canonical_value(out, field.value);
    }
    out.push_back('\n');
  }
  out.push_back('\n');
  out.append(lower(signed_headers)).push_back('\n');
  out.append(payload_hash);
  return out;
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical) {
  std::string out(kAlgorithm);
  out.append("\n").append(amz_date).append("\n").append(scope).append("\n");
  out.append(crypto::hex(crypto::sha256(canonical)));
  return out;
}

std::string signature(std::string_view secret, std::string_view scope, std::string_view to_sign) {
  // The signing key: "AWS4" + secret, then HMAC'd with each of the
  // scope's parts in turn (date, region, service, "aws4_request").
  std::string key = "AWS4" + std::string(secret);
  std::string_view rest = scope;
  for (int i = 0; i < 4; ++i) {
    size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    key = std::string(crypto::as_bytes(crypto::hmac_sha256(key, part)));
  }
  return crypto::hex(crypto::hmac_sha256(key, to_sign));
}

SigV4Verifier::SigV4Verifier(const std::vector<AccessKey>& keys, Clock clock)
    : clock_(std::move(clock)) {
  for (const auto& key : keys) secrets_[key.id] = key.secret;
  if (!clock_) clock_ = [] { return std::chrono::system_clock::now(); };
}

std::optional<SignatureProblem> SigV4Verifier::verify(const Request& request,
                                                      std::chrono::minutes max_skew) const {
  using Kind = SignatureProblem::Kind;
  std::variant<Claim, SignatureProblem> parsed;
  if (auto header = request.headers.find("authorization")) {
    parsed = parse_header(*header, request);
  } else if (request.query().find("X-Amz-") != std::string_view::npos &&
             request.query().find("X-Amz-Signature=") != std::string_view::npos) {
    parsed = parse_query_form(request);
  } else {
    return SignatureProblem{Kind::kMissing, ""};
  }
  if (auto* problem = std::get_if<SignatureProblem>(&parsed)) return std::move(*problem);
  const Claim& claim = std::get<Claim>(parsed);

  // Credential: <key id>/<yyyymmdd>/<region>/<service>/aws4_request.
  size_t slash = claim.credential.find('/');
  std::string key_id = claim.credential.substr(0, slash);
  std::string scope = slash == std::string::npos ? "" : claim.credential.substr(slash + 1);
  auto secret = secrets_.find(key_id);
  if (secret == secrets_.end()) return SignatureProblem{Kind::kUnknownKey, ""};

  auto signed_at = parse_amz_date(claim.amz_date);
  if (!signed_at) return SignatureProblem{Kind::kMismatch, ""};
  auto now = clock_();
  auto window = std::chrono::duration_cast<std::chrono::system_clock::duration>(max_skew);
  std::string minutes = std::to_string(max_skew.count()) + " min.)";
  if (*signed_at < now - window)
    return SignatureProblem{Kind::kExpired, "Signature expired: " + claim.amz_date +
                                                " is now earlier than " +
                                                format_amz_date(now - window) + " (" +
                                                format_amz_date(now) + " - " + minutes};
  if (*signed_at > now + window)
    return SignatureProblem{Kind::kExpired, "Signature not yet current: " + claim.amz_date +
                                                " is still later than " +
                                                format_amz_date(now + window) + " (" +
                                                format_amz_date(now) + " + " + minutes};
  if (claim.expires_seconds &&
      *signed_at + std::chrono::seconds(std::max(0L, *claim.expires_seconds)) < now)
    return SignatureProblem{Kind::kExpired, "Signature expired: " + claim.amz_date +
                                                " is now earlier than " +
                                                format_amz_date(now - window) + " (" +
                                                format_amz_date(now) + " - " + minutes};

  // Payload: as the client declares it, or the body's hash. A presigned
  // request may have been signed either way.
  std::vector<std::string> hashes;
  if (auto declared = request.headers.find("x-amz-content-sha256")) {
    if (*declared != kUnsignedPayload &&
        !equal_in_constant_time(*declared, crypto::hex(crypto::sha256(request.body))))
      return SignatureProblem{Kind::kMismatch, ""};
    hashes.emplace_back(*declared);
  } else {
    hashes.push_back(crypto::hex(crypto::sha256(request.body)));
    if (claim.presigned) hashes.emplace_back(kUnsignedPayload);
  }
  for (const auto& hash : hashes) {
    std::string canonical = canonical_request(request, claim.signed_headers, hash, claim.presigned);
    std::string expected =
        signature(secret->second, scope, string_to_sign(claim.amz_date, scope, canonical));
    if (equal_in_constant_time(expected, lower(claim.signature))) return std::nullopt;
  }
  return SignatureProblem{Kind::kMismatch, ""};
}

}  // namespace localcloud::http
