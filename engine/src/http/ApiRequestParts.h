// What the API's routes read from a request (a task's number, a reference number, a
// yes-or-no flag, an XML body sent as XML or as JSON), and the JSON of a task, which
// more than one route answers with. What cannot be read is refused with an ApiError
// that names the part of the request it came from.
#pragma once

#include "http/ApiExchange.h"

#include <grantflow/ReferenceNumber.h>
#include <grantflow/workflow/WorkflowEngine.h>

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <string>

namespace grantflow::http {

// A task as named in the path: a positive whole number.
long long taskNumber(const std::string& text);
// `where` names the part of the request it came from, for the refusal.
ReferenceNumber referenceNumber(const std::string& text, const std::string& where = "path:dnr");
// A yes-or-no query parameter: "true" or "false"; anything else is refused, not taken as false.
bool queryFlag(const ApiExchange& exchange, const std::string& name);
Poco::JSON::Object::Ptr taskJson(const workflow::TaskInfo& t);
// application/xml, text/xml or any +xml type.
bool isXml(const std::string& type);
// The body as XML: sent as XML, or as JSON in the shape JsonOutcome maps; empty when
// there is none. `what` names it in the refusal of another media type.
std::string xmlBody(ApiExchange& exchange, std::size_t maxBytes, const std::string& what);

}  // namespace grantflow::http
