// The API's side of 12 § förvaltningslagen: registering or refusing a party's
// request for a decision, and listing what the law has put a clock on.
#include "http/ApiRequestHandler.h"
#include "http/StrictJsonHandler.h"
#include "http/WorkflowRefusal.h"

#include <grantflow/workflow/IsoTime.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

namespace grantflow::http {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

// The body: nothing (received now), {"received": "ISO 8601"}, or {"refuse": "reasons"}.
struct DecisionRequestBody {
    std::optional<workflow::Instant> received;
    std::optional<std::string> refuseReasons;
};

DecisionRequestBody readBody(ApiExchange& exchange) {
    std::string text = exchange.body(64 * 1024);
    DecisionRequestBody result;
    if (Poco::trim(text).empty()) return result;
    if (exchange.mediaType() != "application/json")
        throw ApiError(415, "send {\"received\": \"...\"} or {\"refuse\": \"reasons\"} as application/json",
                       "Content-Type");
    Object::Ptr object;
    try {
        Poco::JSON::Parser parser(new StrictJsonHandler);
        object = parser.parse(text).extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw ApiError(400, "the body must be a JSON object: " + e.message(), "body");
    }
    for (const auto& name : object->getNames())
        if (name != "received" && name != "refuse")
            throw ApiError(400, "unknown key \"" + name + "\": the body takes received or refuse", "$." + name);
    if (object->has("received") && object->has("refuse"))
        throw ApiError(400, "give received or refuse, not both", "$");
    auto textOf = [&](const std::string& key) {
        if (!object->get(key).isString()) throw ApiError(400, key + " must be a string", "$." + key);
        return object->getValue<std::string>(key);
    };
    if (object->has("received")) {
        result.received = workflow::parseIsoInstant(textOf("received"));
        if (!result.received)
            throw ApiError(400, "received must be an ISO 8601 date or instant, e.g. 2027-06-01", "$.received");
    }
    if (object->has("refuse")) {
        result.refuseReasons = Poco::trim(textOf("refuse"));
        if (result.refuseReasons->empty()) throw ApiError(400, "refuse wants the reasons of the refusal", "$.refuse");
    }
    return result;
}

}  // namespace

void ApiRequestHandler::decisionRequest(ApiExchange& exchange, const Principal& principal, const std::string& dnr) {
    DecisionRequestBody body = readBody(exchange);
    require(principal, body.refuseReasons ? Permission::refuseDecisionRequests : Permission::registerDecisionRequests);
    workflow::Outcome outcome = _context.write([&](ApiContext::WriteLease& writer) {
        auto& engine = writer.engine();
        if (body.refuseReasons) return engine.refuseDecisionRequest(dnr, *body.refuseReasons, principal.name);
        return engine.requestDecision(dnr, body.received.value_or(engine.clock().now()), principal.name);
    });
    if (!outcome.ok) refuseOutcome(outcome, outcome.code == "no-such-case" ? "path:dnr" : "case");
    Object answer(Poco::JSON_PRESERVE_KEY_ORDER);
    answer.set("referenceNumber", dnr);
    answer.set("state", body.refuseReasons ? "refused" : "requested");
    answer.set("message", outcome.message);
    exchange.sendJson(body.refuseReasons ? 200 : 201, answer);
}

void ApiRequestHandler::listDeadlines(ApiExchange& exchange) {
    const int limit = static_cast<int>(exchange.queryNumber("limit", 1000, 1, 100000));
    auto lease = _context.pool->acquire();
    Array list;
    for (const auto& d : lease->engine().legalDeadlines(lease->engine().clock().now(), limit)) {
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("referenceNumber", d.referenceNumber);
        item->set("kind", d.kind);
        item->set("since", workflow::formatDay(d.since));
        if (d.kind == "decision-requested") {
            item->set("due", workflow::formatDay(d.due));
            item->set("overdue", d.overdue);
        }
        list.add(item);
    }
    exchange.sendJson(200, list);
}

}  // namespace grantflow::http
