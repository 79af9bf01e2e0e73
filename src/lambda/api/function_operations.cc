#include "api/function_operations.h"

#include <spdlog/spdlog.h>

#include "api/function_request.h"
#include "api/render.h"
#include "api/resolve.h"
#include "errors.h"
#include "localcloud/core/ids.h"

namespace localcloud::lambda::api {
namespace {

using json = nlohmann::ordered_json;
using model::FunctionPtr;

constexpr int64_t kDefaultMaxItems = 50;

// A qualifier other than $LATEST names a version or alias; none exist yet.
void require_latest(const Context& ctx, const Target& target) {
  if (target.qualifier && *target.qualifier != model::kLatest)
    throw errors::function_not_found(arn_of(ctx, target.name, *target.qualifier));
}

// Aliases: any qualifier of [a-zA-Z0-9-_] that is not all digits.
bool is_alias_name(std::string_view q) {
  bool digits = true;
  for (char c : q) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    digits = digits && std::isdigit(static_cast<unsigned char>(c));
  }
  return !q.empty() && !digits;
}

Outcome configuration_outcome(const Context& ctx, const FunctionPtr& f) {
  return Outcome::json(200, render_configuration(ctx, f->config, ConfigView::kFull));
}

}  // namespace

// CreateFunction: validated in AWS's order (shape and constraints, then the
// name's length, then Lambda's rules), the package unpacked into the
// function's code directory, the record committed; 201 with the
// configuration. Bad input changes nothing, on disk or in SQLite.
void create_function(Context& ctx, const Call& call, Reply reply) {
  CreateRequest req = read_create_request(call.body);
  auto ref = model::parse_function_name(req.function_name, model::NameForm::kPlain);
  if (ref->region && *ref->region != ctx.options.region)
    throw errors::resource_not_found("Functions from '" + *ref->region +
                                     "' are not reachable in this region ('" +
                                     ctx.options.region + "')");
  const std::string name = ref->name;
  if (name.size() > 64)
    throw errors::invalid_parameter("1 validation error detected: Value '" + name +
                                    "' at 'functionName' failed to satisfy constraint: Member "
                                    "must have length less than or equal to 64");
  model::Function function;
  auto& config = function.config;
  config.name = name;
  apply(req.members, config);
  if (req.architecture) config.architecture = *req.architecture;
  check_config(req.members, config);
  function.tags = std::move(req.tags);

  auto lock = ctx.locks.try_lock(name);
  if (!lock) throw update_in_progress(ctx, name);
  if (ctx.functions.find(name)) throw errors::resource_conflict("Function already exist: " + name);
  config.code = storage::CodeStore::identify(req.zip);
  bool created = ctx.code.install(name, config.code, req.zip);
  config.last_modified_ms = now_ms();
  config.revision_id = ids::uuid4();
  std::string hex = config.code.hex;
  ctx.functions.create(std::move(function), [&ctx, lock, created, name, hex,
                                             reply = std::move(reply)](std::exception_ptr error,
                                                                       FunctionPtr f) {
    if (error && created) ctx.code.discard(name, hex);
    if (!error) spdlog::debug("lambda: created {} ({} bytes of code)", name, f->config.code.size);
    lock->release();
    finish(reply, errors::service_exception, [&ctx](const FunctionPtr& f) {
      return Outcome::json(201, render_configuration(ctx, f->config, ConfigView::kFull));
    })(error, f);
  });
}

void get_function(Context& ctx, const Call& call, Reply reply) {
  Target target = resolve_target(ctx, call, model::NameForm::kNamespaced);
  require_latest(ctx, target);
  auto f = require_function(ctx, target.name, target.qualifier.value_or(""));
  reply(Outcome::json(200, render_function(ctx, call, *f)));
}

void get_function_configuration(Context& ctx, const Call& call, Reply reply) {
  Target target = resolve_target(ctx, call, model::NameForm::kNamespaced);
  require_latest(ctx, target);
  auto f = require_function(ctx, target.name, target.qualifier.value_or(""));
  reply(configuration_outcome(ctx, f));
}

// ListFunctions: name order; Marker is the last name of the previous page.
void list_functions(Context& ctx, const Call& call, Reply reply) {
  Validator v;
  int64_t max_items = kDefaultMaxItems;
  if (auto text = call.query_param("MaxItems")) {
    try {
      size_t used = 0;
      max_items = std::stoll(*text, &used);
      if (used != text->size()) throw std::invalid_argument(*text);
    } catch (const std::exception&) {
      throw_unparseable("Cannot deserialize value of type `java.lang.Integer` from String \"" +
                        *text + "\"");
    }
    v.check_range(max_items, "maxItems", 1, 10000);
  }
  auto version = call.query_param("FunctionVersion");
  if (version) v.check_enum(*version, "functionVersion", {"ALL"});
  v.throw_if_failed();
  std::string marker = call.query_param("Marker").value_or("");
  auto page = ctx.functions.list(marker, static_cast<size_t>(max_items) + 1);
  json functions = json::array();
  for (size_t i = 0; i < page.size() && i < static_cast<size_t>(max_items); ++i)
    functions.push_back(
        render_configuration(ctx, page[i]->config, ConfigView::kListed, version.has_value()));
  json out = {{"Functions", std::move(functions)}};
  if (page.size() > static_cast<size_t>(max_items))
    out["NextMarker"] = page[static_cast<size_t>(max_items) - 1]->config.name;
  reply(Outcome::json(200, out));
}

// UpdateFunctionCode: the new package unpacked beside the old one, the
// record switched to it in one commit, the old directory discarded after.
void update_function_code(Context& ctx, const Call& call, Reply reply) {
  Target target = resolve_target(ctx, call, model::NameForm::kPlain, false);
  require_latest(ctx, target);
  CodeRequest req = read_code_request(call.body);
  auto current = require_function(ctx, target.name);
  auto check_revision = [rev = req.revision_id](const model::Function& f) {
    if (rev && *rev != f.config.revision_id)
      throw errors::precondition_failed(
          "The Revision Id provided does not match the latest Revision Id. Call the "
          "GetFunction/GetAlias API to retrieve the latest Revision Id");
  };
  check_revision(*current);
  model::CodeInfo code = storage::CodeStore::identify(req.zip);
  if (req.dry_run) {
    model::FunctionConfig preview = current->config;
    preview.code = code;
    return reply(Outcome::json(200, render_configuration(ctx, preview, ConfigView::kFull)));
  }
  auto lock = ctx.locks.try_lock(target.name);
  if (!lock) throw update_in_progress(ctx, target.name);
  bool created = ctx.code.install(target.name, code, req.zip);
  auto replaced = std::make_shared<std::string>();
  auto change = [check_revision, code, arch = req.architecture, replaced](model::Function& f) {
    check_revision(f);
    *replaced = f.config.code.hex;
    f.config.code = code;
    if (arch) f.config.architecture = *arch;
    f.config.last_modified_ms = now_ms();
    f.config.revision_id = ids::uuid4();
  };
  std::string name = target.name;
  ctx.functions.update(name, change, [&ctx, lock, created, name, code, replaced,
                                      reply = std::move(reply)](std::exception_ptr error,
                                                                FunctionPtr f) {
    bool committed = !error && f;
    if (!committed && created) ctx.code.discard(name, code.hex);
    if (committed && !replaced->empty() && *replaced != code.hex) ctx.code.discard(name, *replaced);
    lock->release();
    finish(
        reply, [&ctx, name] { return errors::function_not_found(arn_of(ctx, name)); },
        [&ctx](const FunctionPtr& f) { return configuration_outcome(ctx, f); })(error, f);
  });
}

void update_function_configuration(Context& ctx, const Call& call, Reply reply) {
  Target target = resolve_target(ctx, call, model::NameForm::kPlain, false);
  require_latest(ctx, target);
  Validator v;
  ConfigMembers members = read_config_members(call.body, v);
  v.throw_if_failed();
  auto current = require_function(ctx, target.name);
  auto check = [members](const model::Function& f) {
    if (members.revision_id && *members.revision_id != f.config.revision_id)
      throw errors::precondition_failed(
          "The Revision Id provided does not match the latest Revision Id. Call the "
          "GetFunction/GetAlias API to retrieve the latest Revision Id");
    model::FunctionConfig result = f.config;
    apply(members, result);
    check_config(members, result);
  };
  check(*current);  // refuse bad input before queuing a write
  auto change = [check, members](model::Function& f) {
    check(f);
    apply(members, f.config);
    f.config.last_modified_ms = now_ms();
    f.config.revision_id = ids::uuid4();
  };
  std::string name = target.name;
  ctx.functions.update(
      name, change,
      finish(
          std::move(reply), [&ctx, name] { return errors::function_not_found(arn_of(ctx, name)); },
          [&ctx](const FunctionPtr& f) { return configuration_outcome(ctx, f); }));
}

// DeleteFunction: the record removed, then the code directory. AWS refuses
// to delete $LATEST alone and does not delete aliases through this call.
void delete_function(Context& ctx, const Call& call, Reply reply) {
  Target target = resolve_target(ctx, call, model::NameForm::kNamespaced);
  if (target.qualifier == model::kLatest)
    throw errors::invalid_parameter("$LATEST version cannot be deleted without deleting the function.");
  if (target.qualifier && is_alias_name(*target.qualifier))
    throw errors::invalid_parameter("Deletion of aliases is not currently supported.");
  require_function(ctx, target.name);
  if (target.qualifier) throw errors::function_not_found(arn_of(ctx, target.name, *target.qualifier));
  auto lock = ctx.locks.try_lock(target.name);
  if (!lock) throw update_in_progress(ctx, target.name);
  std::string name = target.name;
  ctx.functions.remove(name, [&ctx, lock, name, reply = std::move(reply)](std::exception_ptr error,
                                                                         FunctionPtr f) {
    if (!error && f) ctx.code.discard_function(name);
    lock->release();
    finish(
        reply, [&ctx, name] { return errors::function_not_found(arn_of(ctx, name)); },
        [](const FunctionPtr&) { return Outcome::empty(204); })(error, f);
  });
}

}  // namespace localcloud::lambda::api
