#include "api/policy_operations.h"

#include <cctype>

#include "api/render.h"
#include "api/resolve.h"
#include "api/validation.h"
#include "errors.h"
#include "localcloud/core/ids.h"
#include "model/policy.h"

namespace localcloud::lambda::api {
namespace {

using json = nlohmann::ordered_json;
using model::FunctionPtr;

constexpr const char* kNoPolicy = "The resource you requested does not exist.";
constexpr const char* kActionPattern = "(lambda:[*]|lambda:[a-zA-Z]+|[*])";
constexpr const char* kSourceArnPattern =
    R"(arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*))";

bool is_action(std::string_view a) {
  if (a == "*" || a == "lambda:*") return true;
  if (!a.starts_with("lambda:") || a.size() == 7) return false;
  for (char c : a.substr(7))
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  return true;
}

// arn:aws…:<service>:<region or empty>:<account or empty>:<anything>
bool is_source_arn(std::string_view arn) {
  std::string_view parts[5];
  for (auto& part : parts) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return false;
    part = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  auto all = [](std::string_view s, auto pred) {
    for (char c : s)
      if (!pred(static_cast<unsigned char>(c))) return false;
    return true;
  };
  return parts[0] == "arn" && parts[1].starts_with("aws") && !parts[2].empty() &&
         all(parts[2], [](unsigned char c) { return std::isalnum(c) || c == '-'; }) &&
         (parts[3].empty() || model::is_region(parts[3])) &&
         (parts[4].empty() || (parts[4].size() == 12 && all(parts[4], ::isdigit)));
}

bool is_alias_name(std::string_view q) {
  bool digits = true;
  for (char c : q) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    digits = digits && std::isdigit(static_cast<unsigned char>(c));
  }
  return !q.empty() && !digits;
}

// Policies live on published versions and aliases, which do not exist yet.
[[noreturn]] void throw_missing_qualifier(const Context& ctx, const Target& t) {
  std::string arn = arn_of(ctx, t.name, *t.qualifier);
  if (is_alias_name(*t.qualifier)) throw errors::resource_not_found("Cannot find alias arn: " + arn);
  throw errors::function_not_found(arn);
}

void check_revision(const std::optional<std::string>& revision, const model::Function& f) {
  if (revision && *revision != f.config.revision_id)
    throw errors::precondition_failed(
        "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API "
        "to retrieve the latest Revision Id");
}

model::Permission read_permission(const Call& call, const std::string& resource) {
  const auto& body = call.body;
  Validator v;
  model::Permission p;
  p.resource = resource;
  auto sid = string_member(body, "StatementId");
  if (!sid) {
    v.fail_null("statementId");
  } else {
    v.check_length(*sid, "statementId", 1, 100);
    v.check_pattern(*sid, "statementId", all_word_chars(*sid), "([a-zA-Z0-9-_]+)");
  }
  auto action = string_member(body, "Action");
  if (!action) v.fail_null("action");
  else v.check_pattern(*action, "action", is_action(*action), kActionPattern);
  auto principal = string_member(body, "Principal");
  if (!principal) v.fail_null("principal");
  else v.check_pattern(*principal, "principal", has_no_whitespace(*principal), "[^\\s]+");
  p.source_arn = string_member(body, "SourceArn");
  if (p.source_arn)
    v.check_pattern(*p.source_arn, "sourceArn", is_source_arn(*p.source_arn), kSourceArnPattern);
  p.source_account = string_member(body, "SourceAccount");
  if (p.source_account) {
    v.check_length(*p.source_account, "sourceAccount", 0, 12);
    bool digits = p.source_account->size() == 12;
    for (char c : *p.source_account) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    v.check_pattern(*p.source_account, "sourceAccount", digits, "\\d{12}");
  }
  p.event_source_token = string_member(body, "EventSourceToken");
  p.principal_org_id = string_member(body, "PrincipalOrgID");
  p.function_url_auth_type = string_member(body, "FunctionUrlAuthType");
  if (p.function_url_auth_type)
    v.check_enum(*p.function_url_auth_type, "functionUrlAuthType", {"NONE", "AWS_IAM"});
  v.throw_if_failed();
  p.statement_id = *sid;
  p.action = *action;
  p.principal = *principal;
  return p;
}

}  // namespace

// AddPermission: one statement appended to the function's policy; the
// function gets a new RevisionId, as in AWS.
void add_permission(Context& ctx, const Call& call, Reply reply) {
  Target target = resolve_target(ctx, call, model::NameForm::kNamespaced);
  auto revision = string_member(call.body, "RevisionId");
  model::Permission permission = read_permission(call, arn_of(ctx, target.name));
  if (target.qualifier == model::kLatest)
    throw errors::invalid_parameter("We currently do not support adding policies for $LATEST.");
  auto current = require_function(ctx, target.name);
  if (target.qualifier) throw_missing_qualifier(ctx, target);
  model::PolicyStatement statement = model::make_statement(permission);
  auto change = [statement, revision](model::Function& f) {
    check_revision(revision, f);
    if (model::find_statement(f.policy, statement.sid))
      throw errors::resource_conflict("The statement id (" + statement.sid +
                                      ") provided already exists. Please provide a new statement "
                                      "id, or remove the existing statement.");
    f.policy.push_back(statement);
    f.config.revision_id = ids::uuid4();
  };
  model::Function preview = *current;
  change(preview);  // refuse bad requests before queuing a write
  std::string name = target.name;
  ctx.functions.update(
      name, change,
      finish(
          std::move(reply), [&ctx, name] { return errors::function_not_found(arn_of(ctx, name)); },
          [statement](const FunctionPtr&) {
            return Outcome::json(201, json{{"Statement", statement.document.dump()}});
          }));
}

void get_policy(Context& ctx, const Call& call, Reply reply) {
  Target target = resolve_target(ctx, call, model::NameForm::kNamespaced);
  auto f = ctx.functions.find(target.name);
  if (!f || target.qualifier || f->policy.empty()) throw errors::resource_not_found(kNoPolicy);
  reply(Outcome::json(
      200, json{{"Policy", model::policy_document(f->policy)}, {"RevisionId", f->config.revision_id}}));
}

void remove_permission(Context& ctx, const Call& call, Reply reply) {
  Target target = resolve_target(ctx, call, model::NameForm::kNamespaced);
  std::string sid = call.params.at(1);
  auto revision = call.query_param("RevisionId");
  auto current = ctx.functions.find(target.name);
  if (!current)
    throw errors::resource_not_found("No policy found for: " + arn_of(ctx, target.name));
  if (target.qualifier) throw_missing_qualifier(ctx, target);
  auto change = [sid, revision](model::Function& f) {
    check_revision(revision, f);
    if (f.policy.empty())
      throw errors::resource_not_found("No policy is associated with the given resource.");
    auto index = model::find_statement(f.policy, sid);
    if (!index)
      throw errors::resource_not_found("Statement " + sid + " is not found in resource policy.");
    f.policy.erase(f.policy.begin() + static_cast<std::ptrdiff_t>(*index));
    f.config.revision_id = ids::uuid4();
  };
  model::Function preview = *current;
  change(preview);
  std::string name = target.name;
  ctx.functions.update(
      name, change,
      finish(
          std::move(reply),
          [&ctx, name] { return errors::resource_not_found("No policy found for: " + arn_of(ctx, name)); },
          [](const FunctionPtr&) { return Outcome::empty(204); }));
}

}  // namespace localcloud::lambda::api
