#include "http/WorkflowRefusal.h"

#include <Poco/JSON/Object.h>

namespace grantflow::http {

namespace {

int statusFor(const std::string& code) {
    if (code == "no-such-task" || code == "no-such-case" || code == "no-such-process") return 404;
    if (code == "four-eyes" || code == "not-a-candidate") return 403;
    if (code == "outcome-invalid" || code == "outcome-missing" || code == "outcome-unexpected" ||
        code == "outcome-case-rule" || code == "payload-invalid" || code == "message-id-invalid")
        return 422;
    return 409;  // claimed by someone else, already closed, not waiting, decided, too early ...
}

}  // namespace

Poco::JSON::Array::Ptr problemsJson(const Problems& problems) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const Problem& p : problems) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("code", p.code);
        item->set("message", p.message);
        if (!p.path.empty()) item->set("path", p.path);
        if (p.line) item->set("line", p.line);
        if (p.column) item->set("column", p.column);
        list->add(item);
    }
    return list;
}

void refuseOutcome(const workflow::Outcome& outcome, const std::string& where) {
    ApiError error(statusFor(outcome.code), outcome.message + " [" + outcome.code + "]", where);
    if (!outcome.problems.empty()) error.details = problemsJson(outcome.problems);
    throw error;
}

}  // namespace grantflow::http
