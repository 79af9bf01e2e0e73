// The function's resource-based policy: statements built from AddPermission
// parameters in the IAM shape AWS stores, and the policy document GetPolicy
// returns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/function.h"

namespace localcloud::lambda::model {

struct Permission {
  std::string statement_id;
  std::string action;     // e.g. "lambda:InvokeFunction"
  std::string principal;  // service, account id, IAM ARN or "*"
  std::string resource;   // the function's ARN (qualified when a qualifier was given)
  std::optional<std::string> source_arn;
  std::optional<std::string> source_account;
  std::optional<std::string> event_source_token;
  std::optional<std::string> principal_org_id;
  std::optional<std::string> function_url_auth_type;
};

// The statement granting `permission`. Throws InvalidParameterValueException
// when the principal is none of the forms IAM accepts.
PolicyStatement make_statement(const Permission& permission);

// {"Version":"2012-10-17","Id":"default","Statement":[...]}, compact, as
// GetPolicy returns it inside a string.
std::string policy_document(const std::vector<PolicyStatement>& statements);

// The index of the statement called `sid`, or nullopt.
std::optional<size_t> find_statement(const std::vector<PolicyStatement>& statements,
                                     const std::string& sid);

}  // namespace localcloud::lambda::model
