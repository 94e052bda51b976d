// The API's workflows and plugins: the deployed process versions, deploying a BPMN
// file (refused whole, with every problem, or stored as new versions), and the
// plugins found with what they offer.
#include "http/ApiRequestHandler.h"
#include "http/ApiRequestParts.h"
#include "http/WorkflowRefusal.h"

#include <Poco/JSON/Array.h>
#include <Poco/Path.h>

namespace grantflow::http {

using Poco::JSON::Array;
using Poco::JSON::Object;

void ApiRequestHandler::listWorkflows(ApiExchange& exchange) {
    auto lease = _context.pool->acquire();
    Array list;
    for (const auto& v : lease->engine().versions()) {
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("id", v.id);
        item->set("key", v.key);
        item->set("version", v.version);
        item->set("name", v.name);
        item->set("deployedAt", v.deployedAt);
        item->set("deployedBy", v.deployedBy);
        // The file's name only: where it lay on the deploying machine is not the reader's business.
        item->set("source", Poco::Path(v.source).getFileName());
        item->set("running", v.running);
        list.add(item);
    }
    exchange.sendJson(200, list);
}

void ApiRequestHandler::deploy(ApiExchange& exchange, const Principal& principal) {
    std::string type = exchange.mediaType();
    if (!isXml(type)) throw ApiError(415, "send the BPMN file as application/xml", "Content-Type");
    std::string bytes = exchange.body(_context.settings.maxBodyBytes);
    std::string source = exchange.query("source", "http:" + principal.name);
    workflow::DeployResult result = _context.write(
        [&](ApiContext::WriteLease& writer) { return writer.engine().deploy(bytes, source, principal.name); });
    if (!result.problems.empty()) {
        ApiError error(422, "the BPMN file was refused: " + std::to_string(result.problems.size()) +
                                " problem(s); nothing deployed", "body");
        error.details = problemsJson(result.problems);
        throw error;
    }
    Array list;
    bool anyNew = false;
    for (std::size_t i = 0; i < result.deployed.size(); ++i) {
        const auto& v = result.deployed[i];
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("key", v.key);
        item->set("version", v.version);
        item->set("unchanged", static_cast<bool>(result.unchanged[i]));
        Array notes;  // checks deploy could not make for this process
        for (const Problem& note : result.notes)
            if (note.path == "process id=\"" + v.key + "\"") notes.add(note.message);
        if (notes.size() > 0) item->set("notes", notes);
        anyNew = anyNew || !result.unchanged[i];
        list.add(item);
    }
    exchange.sendJson(anyNew ? 201 : 200, list);
}

void ApiRequestHandler::listPlugins(ApiExchange& exchange) {
    Array list;
    for (const auto& report : _context.plugins) {
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("path", report.path);
        item->set("loaded", report.loaded);
        if (report.loaded) {
            item->set("name", report.name);
            item->set("version", report.version);
            item->set("apiVersion", report.apiVersion);
            Array::Ptr services = new Array;
            for (const auto& service : report.services) {
                Object::Ptr s = new Object;
                s->set("name", service.name);
                s->set("summary", service.summary);
                services->add(s);
            }
            item->set("services", services);
        } else {
            item->set("problem", report.problem);
        }
        list.add(item);
    }
    exchange.sendJson(200, list);
}

}  // namespace grantflow::http
