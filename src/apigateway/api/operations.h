// The control-plane operations, one function each, grouped by what they
// manage. Path parameters arrive in the order of the request URI.
#pragma once

#include "api/call.h"

namespace localcloud::apigateway::api {

// /restapis[/{restapi_id}]
void create_rest_api(Context& ctx, const Call& call, Reply reply);
void get_rest_apis(Context& ctx, const Call& call, Reply reply);
void get_rest_api(Context& ctx, const Call& call, Reply reply);
void update_rest_api(Context& ctx, const Call& call, Reply reply);
void delete_rest_api(Context& ctx, const Call& call, Reply reply);

// /restapis/{id}/resources[/{resource_id}]
void get_resources(Context& ctx, const Call& call, Reply reply);
void get_resource(Context& ctx, const Call& call, Reply reply);
void create_resource(Context& ctx, const Call& call, Reply reply);
void update_resource(Context& ctx, const Call& call, Reply reply);
void delete_resource(Context& ctx, const Call& call, Reply reply);

// .../methods/{http_method}[/responses/{status_code}]
void put_method(Context& ctx, const Call& call, Reply reply);
void get_method(Context& ctx, const Call& call, Reply reply);
void update_method(Context& ctx, const Call& call, Reply reply);
void delete_method(Context& ctx, const Call& call, Reply reply);
void put_method_response(Context& ctx, const Call& call, Reply reply);
void get_method_response(Context& ctx, const Call& call, Reply reply);
void update_method_response(Context& ctx, const Call& call, Reply reply);
void delete_method_response(Context& ctx, const Call& call, Reply reply);

// .../methods/{http_method}/integration[/responses/{status_code}]
void put_integration(Context& ctx, const Call& call, Reply reply);
void get_integration(Context& ctx, const Call& call, Reply reply);
void update_integration(Context& ctx, const Call& call, Reply reply);
void delete_integration(Context& ctx, const Call& call, Reply reply);
void put_integration_response(Context& ctx, const Call& call, Reply reply);
void get_integration_response(Context& ctx, const Call& call, Reply reply);
void update_integration_response(Context& ctx, const Call& call, Reply reply);
void delete_integration_response(Context& ctx, const Call& call, Reply reply);

// POST .../methods/{http_method}: runs the current, undeployed configuration.
void test_invoke_method(Context& ctx, const Call& call, Reply reply);

// /restapis/{id}/deployments[/{deployment_id}]
void create_deployment(Context& ctx, const Call& call, Reply reply);
void get_deployments(Context& ctx, const Call& call, Reply reply);
void get_deployment(Context& ctx, const Call& call, Reply reply);
void update_deployment(Context& ctx, const Call& call, Reply reply);
void delete_deployment(Context& ctx, const Call& call, Reply reply);

// /restapis/{id}/stages[/{stage_name}]
void create_stage(Context& ctx, const Call& call, Reply reply);
void get_stages(Context& ctx, const Call& call, Reply reply);
void get_stage(Context& ctx, const Call& call, Reply reply);
void update_stage(Context& ctx, const Call& call, Reply reply);
void delete_stage(Context& ctx, const Call& call, Reply reply);

}  // namespace localcloud::apigateway::api
