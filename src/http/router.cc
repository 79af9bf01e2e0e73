#include "localcloud/http/router.h"

#include <algorithm>

#include "localcloud/http/aws_protocol.h"

namespace localcloud::http {
namespace {

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && iequals(text.substr(text.size() - suffix.size()), suffix);
}

// A path prefix matches whole segments: "/_console" takes "/_console" and
// "/_console/x", not "/_consoles" (which may be a deployed stage's path).
bool path_matches(std::string_view path, std::string_view prefix) {
  if (!path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || prefix.ends_with('/') || path[prefix.size()] == '/';
}

int rank(Route::Kind kind) {
  switch (kind) {
    case Route::Kind::kHostSuffix: return 0;
    case Route::Kind::kTargetPrefix: return 1;
    case Route::Kind::kPathPrefix: return 2;
    case Route::Kind::kFallback: return 3;
  }
  return 3;
}

// AWS's texts for a refused signature. DynamoDB (JSON 1.0) says 400 and
// names the missing token differently from the REST services' 403.
constexpr char kMissingJson10[] = "Request is missing Authentication Token";
constexpr char kMissingRest[] = "Missing Authentication Token";
constexpr char kUnknownKey[] = "The security token included in the request is invalid.";
constexpr char kMismatch[] =
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details.";

Response signature_error(const SignatureProblem& problem, const SignatureRules& rules) {
  using Kind = SignatureProblem::Kind;
  bool json10 = rules.shape == SignatureRules::Shape::kJson10;
  std::string message = problem.message;  // kIncomplete, kExpired
  if (problem.kind == Kind::kMissing) message = json10 ? kMissingJson10 : kMissingRest;
  if (problem.kind == Kind::kUnknownKey) message = kUnknownKey;
  if (problem.kind == Kind::kMismatch) message = kMismatch;
  AwsError error(json10 ? 400 : 403, std::string(error_code(problem.kind)), std::move(message));
  if (json10) return json10_error(error.in_namespace(errors::kCoralService), "");
  return rest_json_error(error, "message");
}

}  // namespace

void Router::dispatch(Service& service, Request request, Respond respond) {
  if (verifier_ && !request.internal) {
    if (auto rules = service.signature_rules(request)) {
      if (auto problem = verifier_->verify(request, rules->max_skew))
        return respond(signature_error(*problem, *rules));
    }
  }
  service.handle(std::move(request), std::move(respond));
}

void Router::add(std::shared_ptr<Service> service) {
  for (auto& route : service->routes()) {
    if (route.kind == Route::Kind::kFallback) {
      fallback_ = service.get();
      continue;
    }
    entries_.push_back(Entry{route, service.get()});
  }
  std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    if (rank(a.route.kind) != rank(b.route.kind)) return rank(a.route.kind) < rank(b.route.kind);
    return a.route.match.size() > b.route.match.size();
  });
  services_.push_back(std::move(service));
}

void Router::handle(Request request, Respond respond) {
  auto target = request.headers.find("x-amz-target");
  std::string_view host = request.host();
  std::string_view path = request.path();
  for (const auto& e : entries_) {
    bool hit = false;
    switch (e.route.kind) {
      case Route::Kind::kHostSuffix: hit = ends_with_ci(host, e.route.match); break;
      case Route::Kind::kTargetPrefix: hit = target && target->starts_with(e.route.match); break;
      case Route::Kind::kPathPrefix: hit = path_matches(path, e.route.match); break;
      case Route::Kind::kFallback: break;
    }
    if (hit) return dispatch(*e.service, std::move(request), std::move(respond));
  }
  if (target) {
    // A JSON-protocol call for a service localcloud does not serve.
    return respond(json10_error(errors::unknown_operation(), "com.amazon.coral.service"));
  }
  if (fallback_) return dispatch(*fallback_, std::move(request), std::move(respond));
  AwsError missing(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  respond(rest_json_error(missing, "message"));
}

}  // namespace localcloud::http
