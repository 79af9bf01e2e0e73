// AWS's validation of REST API configuration, with its messages. Each check
// throws BadRequestException (or Conflict/NotFound where AWS does) and
// changes nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/rest_api.h"

namespace localcloud::apigateway::model {

// A new child `path_part` under `parent` in `resources`: characters, one
// variable sibling, no children under a greedy variable, no duplicate name.
void check_new_child(const Resources& resources, const Resource& parent,
                     std::string_view path_part, const std::string* ignore_id = nullptr);

// GET, PUT, POST, DELETE, PATCH, OPTIONS, HEAD or ANY.
void check_http_method(std::string_view method);

// "200": three digits from 100 to 599.
void check_status_code(std::string_view code);

// The integration as PutIntegration/UpdateIntegration leave it: type, URI,
// method, timeout, passthrough behavior, and templates localcloud can run.
void check_integration(const Integration& integration);

// The integration response's templates and parameters localcloud can run.
void check_integration_response(const IntegrationResponse& response);

// The function a Lambda integration URI names
// (arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations),
// or nullopt for any other URI.
std::optional<std::string> lambda_function_of(std::string_view uri);

// A template without VTL ($ references or # directives) is its own output.
bool is_static_template(std::string_view text);

// MOCK's request template {"statusCode": N}: N, or nullopt if the template
// is not of that form.
std::optional<int> mock_status_of(std::string_view request_template);

// A response parameter value localcloud can map: a quoted literal ('*').
bool is_static_parameter(std::string_view value);

}  // namespace localcloud::apigateway::model
