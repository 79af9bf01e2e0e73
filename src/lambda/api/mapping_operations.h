// Event source mappings (/2015-03-31/event-source-mappings/): Create, List,
// Get, Update and Delete, for DynamoDB streams. Answers carry AWS's
// transitional states (Creating, Enabling, Updating, Disabling, Deleting);
// the mapping manager (esm/manager.h) settles them once the poller follows.
#pragma once

#include "api/call.h"

namespace localcloud::lambda::api {

void create_event_source_mapping(Context& ctx, const Call& call, Reply reply);
void list_event_source_mappings(Context& ctx, const Call& call, Reply reply);
void get_event_source_mapping(Context& ctx, const Call& call, Reply reply);
void update_event_source_mapping(Context& ctx, const Call& call, Reply reply);
void delete_event_source_mapping(Context& ctx, const Call& call, Reply reply);

}  // namespace localcloud::lambda::api
