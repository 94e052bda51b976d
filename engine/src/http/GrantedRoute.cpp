// GET /api/granted: the register of granted projects, as grantflow granted prints it.
#include "http/ApiRequestHandler.h"

#include <grantflow/workflow/IsoTime.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace grantflow::http {

void ApiRequestHandler::listGranted(ApiExchange& exchange) {
    workflow::WorkflowEngine::GrantedFilter filter;
    filter.year = static_cast<int>(exchange.queryNumber("year", 0, 0, 9999));
    filter.text = exchange.query("search");
    filter.limit = static_cast<int>(exchange.queryNumber("limit", 1000, 1, 100000));
    auto lease = _context.pool->acquire();
    Poco::JSON::Array list;
    for (const auto& p : lease->engine().grantedProjects(filter)) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("referenceNumber", p.referenceNumber);
        item->set("decided", workflow::formatDay(p.decidedAt));
        item->set("outcome", p.outcome);
        item->set("amount", p.amount);
        item->set("state", p.state);
        item->set("orgNumber", p.orgNumber);
        item->set("organisation", p.organisation);
        item->set("kind", p.kind);
        item->set("title", p.title);
        list.add(item);
    }
    exchange.sendJson(200, list);
}

}  // namespace grantflow::http
