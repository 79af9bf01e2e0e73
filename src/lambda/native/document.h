// Handing an in-process handler's answer to an in-process caller (API
// Gateway's proxy integration) as the document it is, rather than writing
// it out and parsing it back: allowed only where the two give the same.
#pragma once

#include "localcloud/lambda/native.h"

namespace localcloud::lambda::native {

// Whether parsing document.dump() gives `document` again, and dump() does
// not throw: every string and key is UTF-8, every number finite, and no
// value is binary.
bool same_as_text(const Json& document);

}  // namespace localcloud::lambda::native
