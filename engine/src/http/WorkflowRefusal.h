// How the API answers when the workflow engine refuses: the HTTP status that fits
// the refusal's code, and its problems as a JSON list, for every route.
#pragma once

#include "http/ApiExchange.h"

#include <grantflow/Problem.h>
#include <grantflow/workflow/WorkflowEngine.h>

#include <Poco/JSON/Array.h>

#include <string>

namespace grantflow::http {

// Problems as [{"code", "message", "path"?, "line"?, "column"?}].
Poco::JSON::Array::Ptr problemsJson(const Problems& problems);

// Throws the ApiError for a refused Outcome: 404 for what does not exist, 403 for
// who may not, 422 for a bad outcome document, else 409 (the state does not allow it).
[[noreturn]] void refuseOutcome(const workflow::Outcome& outcome, const std::string& where);

}  // namespace grantflow::http
