// The API's user tasks and messages: the task list of the caller (or of a role),
// claiming and completing a task, and a message delivered to a case. Each write runs
// on the store's single writer (ApiContext::write) and answers once it is durable.
#include "http/ApiRequestHandler.h"
#include "http/ApiRequestParts.h"
#include "http/WorkflowRefusal.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

namespace grantflow::http {

using Poco::JSON::Array;
using Poco::JSON::Object;

void ApiRequestHandler::listTasks(ApiExchange& exchange, const Principal& principal) {
    workflow::TaskQuery query;
    query.role = exchange.query("role");
    query.user = exchange.query("user");
    query.referenceNumber = exchange.query("case");
    if (!query.referenceNumber.empty())
        query.referenceNumber = referenceNumber(query.referenceNumber, "query:case").toString();
    query.includeClaimed = !queryFlag(exchange, "unclaimed");
    query.limit = static_cast<int>(exchange.queryNumber("limit", 100, 1, 10000));
    const bool anyInbox = RoleMatrix::allows(principal.roles, Permission::readAnyInbox);
    if (!query.role.empty() && !anyInbox &&
        std::find(principal.roles.begin(), principal.roles.end(), query.role) == principal.roles.end())
        throw ApiError(403, principal.name + " does not hold the role " + query.role, "query:role");
    if (!query.user.empty() && query.user != principal.name && !anyInbox)
        throw ApiError(403, principal.name + " may see only their own inbox", "query:user");
    // Without a filter the inbox is the caller's own: their roles and what is assigned to them.
    if (query.role.empty() && query.user.empty() && query.referenceNumber.empty()) query.user = principal.name;
    auto lease = _context.pool->acquire();
    Array list;
    for (const auto& t : lease->engine().tasks(query)) list.add(taskJson(t));
    exchange.sendJson(200, list);
}

void ApiRequestHandler::claim(ApiExchange& exchange, const Principal& principal, const std::string& taskId) {
    long long id = taskNumber(taskId);
    workflow::Outcome outcome =
        _context.write([&](ApiContext::WriteLease& writer) { return writer.engine().claim(id, principal.name); });
    if (!outcome.ok) refuseOutcome(outcome, "task");
    Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("task", id);
    body.set("assignee", principal.name);
    body.set("message", outcome.message);
    exchange.sendJson(200, body);
}

void ApiRequestHandler::complete(ApiExchange& exchange, const Principal& principal, const std::string& taskId) {
    long long id = taskNumber(taskId);
    const std::string outcomeXml = xmlBody(exchange, _context.settings.maxBodyBytes, "outcome");
    workflow::Outcome outcome = _context.write(
        [&](ApiContext::WriteLease& writer) { return writer.engine().complete(id, principal.name, outcomeXml); });
    if (!outcome.ok && outcome.code == "outcome-missing")
        throw ApiError(400, "task " + std::to_string(id) + " needs an outcome document in the body (its form's "
                            "schema is in schemas/outcomes)", "body");
    if (!outcome.ok) refuseOutcome(outcome, outcome.problems.empty() ? "task" : "body");
    _context.pokeWorker();
    Object reply(Poco::JSON_PRESERVE_KEY_ORDER);
    reply.set("task", id);
    reply.set("completedBy", principal.name);
    reply.set("message", outcome.message);
    exchange.sendJson(200, reply);
}

void ApiRequestHandler::deliverMessage(ApiExchange& exchange, const Principal& principal, const std::string& dnr,
                                       const std::string& name) {
    const std::string id = exchange.query("id");
    if (id.empty()) throw ApiError(400, "name the message with ?id=..., so that it is taken once", "query:id");
    const std::string payloadXml = xmlBody(exchange, _context.settings.maxBodyBytes, "payload");
    workflow::Outcome outcome = _context.write([&](ApiContext::WriteLease& writer) {
        return writer.engine().message(dnr, name, id, principal.name, payloadXml);
    });
    if (!outcome.ok) refuseOutcome(outcome, outcome.code == "payload-invalid" ? "body" : "case");
    _context.pokeWorker();  // the case may have moved on to a service task or a timer
    Object answer(Poco::JSON_PRESERVE_KEY_ORDER);
    answer.set("referenceNumber", dnr);
    answer.set("message", name);
    answer.set("taken", outcome.code != "duplicate");
    answer.set("detail", outcome.message);
    exchange.sendJson(200, answer);
}

}  // namespace grantflow::http
