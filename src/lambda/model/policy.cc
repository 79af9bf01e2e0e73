#include "model/policy.h"

#include "errors.h"

namespace localcloud::lambda::model {
namespace {

using nlohmann::ordered_json;

constexpr const char* kInvalidPrincipal =
    "The provided principal was invalid. Please check the principal and try again.";

bool is_account_id(const std::string& s) {
  if (s.size() != 12) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// A service principal: dot-separated labels of [a-z0-9-], e.g. "s3.amazonaws.com".
bool is_service_principal(const std::string& s) {
  if (s.find('.') == std::string::npos || s.front() == '.' || s.back() == '.') return false;
  char prev = '.';
  for (char c : s) {
    bool label = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!label && c != '.') return false;
    if (c == '.' && prev == '.') return false;
    prev = c;
  }
  return true;
}

ordered_json principal_json(const std::string& principal) {
  if (principal == "*") return "*";
  if (is_account_id(principal)) return {{"AWS", "arn:aws:iam::" + principal + ":root"}};
  if (principal.starts_with("arn:aws:iam::")) return {{"AWS", principal}};
  if (is_service_principal(principal)) return {{"Service", principal}};
  throw errors::invalid_parameter(kInvalidPrincipal);
}

}  // namespace

PolicyStatement make_statement(const Permission& p) {
  ordered_json doc = {{"Sid", p.statement_id},
                      {"Effect", "Allow"},
                      {"Principal", principal_json(p.principal)},
                      {"Action", p.action},
                      {"Resource", p.resource}};
  ordered_json equals = ordered_json::object();
  if (p.source_account) equals["AWS:SourceAccount"] = *p.source_account;
  if (p.event_source_token) equals["lambda:EventSourceToken"] = *p.event_source_token;
  if (p.principal_org_id) equals["aws:PrincipalOrgID"] = *p.principal_org_id;
  if (p.function_url_auth_type) equals["lambda:FunctionUrlAuthType"] = *p.function_url_auth_type;
  ordered_json condition = ordered_json::object();
  if (!equals.empty()) condition["StringEquals"] = std::move(equals);
  if (p.source_arn) condition["ArnLike"] = {{"AWS:SourceArn", *p.source_arn}};
  if (!condition.empty()) doc["Condition"] = std::move(condition);
  return PolicyStatement{p.statement_id, std::move(doc)};
}

std::string policy_document(const std::vector<PolicyStatement>& statements) {
  ordered_json list = ordered_json::array();
  for (const auto& s : statements) list.push_back(s.document);
  ordered_json doc = {{"Version", "2012-10-17"}, {"Id", "default"}, {"Statement", std::move(list)}};
  return doc.dump();
}

std::optional<size_t> find_statement(const std::vector<PolicyStatement>& statements,
                                     const std::string& sid) {
  for (size_t i = 0; i < statements.size(); ++i)
    if (statements[i].sid == sid) return i;
  return std::nullopt;
}

}  // namespace localcloud::lambda::model
