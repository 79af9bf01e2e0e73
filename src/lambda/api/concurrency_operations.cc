#include "api/concurrency_operations.h"

#include "api/render.h"
#include "api/resolve.h"
#include "api/validation.h"
#include "errors.h"

namespace localcloud::lambda::api {
namespace {

using json = nlohmann::ordered_json;
using model::FunctionPtr;

// These operations take a function, never a version or alias.
std::string unqualified_name(const Context& ctx, const Call& call) {
  Target target = resolve_target(ctx, call, model::NameForm::kPlain, false);
  if (target.qualifier)
    throw errors::invalid_parameter(
        "This operation is permitted on Lambda functions only. Aliases and versions do not "
        "support this operation. Please specify either a function name or an unqualified "
        "function ARN.");
  return target.name;
}

}  // namespace

void put_function_concurrency(Context& ctx, const Call& call, Reply reply) {
  Validator v;
  auto reserved = int_member(call.body, "ReservedConcurrentExecutions");
  if (!reserved) v.fail_null("reservedConcurrentExecutions");
  else v.check_range(*reserved, "reservedConcurrentExecutions", 0, std::nullopt);
  std::string name = unqualified_name(ctx, call);
  v.throw_if_failed();
  require_function(ctx, name, model::kLatest);
  int64_t others = 0;
  for (const auto& f : ctx.functions.all())
    if (f->config.name != name) others += f->reserved_concurrency.value_or(0);
  if (others + *reserved > kAccountConcurrency - kMinUnreservedConcurrency)
    throw errors::invalid_parameter_untyped(
        "Specified ReservedConcurrentExecutions for function decreases account's "
        "UnreservedConcurrentExecution below its minimum value of [" +
        std::to_string(kMinUnreservedConcurrency) + "].");
  int value = static_cast<int>(*reserved);
  ctx.functions.update(
      name, [value](model::Function& f) { f.reserved_concurrency = value; },
      finish(
          std::move(reply),
          [&ctx, name] { return errors::function_not_found(arn_of(ctx, name, model::kLatest)); },
          [value](const FunctionPtr&) {
            return Outcome::json(200, json{{"ReservedConcurrentExecutions", value}});
          }));
}

void get_function_concurrency(Context& ctx, const Call& call, Reply reply) {
  std::string name = unqualified_name(ctx, call);
  auto f = require_function(ctx, name);
  json out = json::object();
  if (f->reserved_concurrency) out["ReservedConcurrentExecutions"] = *f->reserved_concurrency;
  reply(Outcome::json(200, out));
}

void delete_function_concurrency(Context& ctx, const Call& call, Reply reply) {
  std::string name = unqualified_name(ctx, call);
  require_function(ctx, name);
  ctx.functions.update(
      name, [](model::Function& f) { f.reserved_concurrency.reset(); },
      finish(
          std::move(reply), [&ctx, name] { return errors::function_not_found(arn_of(ctx, name)); },
          [](const FunctionPtr&) { return Outcome::empty(204); }));
}

}  // namespace localcloud::lambda::api
