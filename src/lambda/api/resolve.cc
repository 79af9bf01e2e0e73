#include "api/resolve.h"

#include <cctype>
#include <chrono>

#include "api/render.h"
#include "api/validation.h"
#include "errors.h"

namespace localcloud::lambda::api {
namespace {

constexpr std::string_view kQualifierPattern = R"(\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+)";

bool is_qualifier_param(std::string_view q) {
  if (q == "$LATEST" || q == "$LATEST.PUBLISHED") return true;
  if (q.empty()) return false;
  for (char c : q)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '$'))
      return false;
  return true;
}

}  // namespace

Target resolve_target(const Context& ctx, const Call& call, model::NameForm form,
                      bool with_qualifier_param, size_t index) {
  const std::string& text = call.params.at(index);
  std::optional<std::string> param =
      with_qualifier_param ? call.query_param("Qualifier") : std::nullopt;
  Validator v;
  if (param) {
    v.check_length(*param, "qualifier", 1, 128);
    if (param->size() <= 128)
      v.check_pattern(*param, "qualifier", is_qualifier_param(*param), kQualifierPattern);
  }
  size_t max = model::function_name_max_length(form);
  if (text.size() > max) v.check_length(text, "functionName", 1, max);
  auto ref = model::parse_function_name(text, form);
  v.check_pattern(text, "functionName", ref.has_value(), model::function_name_pattern(form));
  v.throw_if_failed();

  if (ref->region && *ref->region != ctx.options.region)
    throw errors::resource_not_found("Functions from '" + *ref->region +
                                     "' are not reachable in this region ('" +
                                     ctx.options.region + "')");
  if (ref->account && *ref->account != ctx.options.account_id)
    throw errors::access_denied("User is not authorized to access functions of account " +
                                *ref->account);
  if (param && ref->qualifier && *param != *ref->qualifier)
    throw errors::invalid_parameter(
        "The derived qualifier from the function name does not match the specified qualifier.");
  return Target{ref->name, param ? param : ref->qualifier};
}

model::FunctionPtr require_function(const Context& ctx, const std::string& name,
                                    std::string_view arn_qualifier) {
  auto f = ctx.functions.find(name);
  if (!f) throw errors::function_not_found(arn_of(ctx, name, arn_qualifier));
  return f;
}

AwsError update_in_progress(const Context& ctx, const std::string& name) {
  return errors::resource_conflict(
      "The operation cannot be performed at this time. An update is in progress for resource: " +
      arn_of(ctx, name));
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

storage::FunctionStore::Done finish(Reply reply, std::function<AwsError()> missing, Render render) {
  return [reply = std::move(reply), missing = std::move(missing), render = std::move(render)](
             std::exception_ptr error, model::FunctionPtr function) {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const AwsError& e) {
        return reply(Outcome::failure(e));
      } catch (const std::exception&) {
        return reply(Outcome::failure(errors::service_exception()));
      }
    }
    if (!function) return reply(Outcome::failure(missing()));
    try {
      reply(render(function));
    } catch (const AwsError& e) {
      reply(Outcome::failure(e));
    }
  };
}

}  // namespace localcloud::lambda::api
