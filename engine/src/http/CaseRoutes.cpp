// The API's cases: submitting an application (XML, a filled PDF form or a scan),
// listing and searching cases, one case with its steps, tasks and documents, and
// downloading a document of a case.
#include "http/ApiRequestHandler.h"
#include "http/ApiRequestParts.h"
#include "http/WorkflowRefusal.h"

#include <grantflow/DecimalNumber.h>
#include <grantflow/PaperRegistration.h>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

namespace grantflow::http {

using namespace Poco::Data::Keywords;
using Poco::JSON::Array;
using Poco::JSON::Object;

void ApiRequestHandler::submit(ApiExchange& exchange, const Principal& principal) {
    std::string type = exchange.mediaType();
    std::string bytes = exchange.body(_context.settings.maxBodyBytes);
    std::string name = exchange.query("name", "http:" + principal.name);
    const bool xml = isXml(type);
    const bool paper = type == "application/pdf" || type.rfind("image/", 0) == 0;
    if (!xml && !paper)
        throw ApiError(415, "send the application as application/xml, or a filled form or scan as application/pdf",
                       "Content-Type");
    if (bytes.empty()) throw ApiError(400, "the body is empty", "body");
    if (paper && !_context.paperIntake)
        throw ApiError(415, "PDF intake is not available on this server: " + _context.paperIntakeProblem,
                       "Content-Type");
    Poco::Timestamp receivedAt;
    CheckedApplication checked = xml ? _context.intake->check(name, std::move(bytes))
                                     : _context.paperIntake->check(name, std::move(bytes), receivedAt);
    if (!checked.accepted()) {
        ApiError error(422, "the application was refused: " + std::to_string(checked.problems.size()) + " problem(s)",
                       "body");
        error.details = problemsJson(checked.problems);
        throw error;
    }
    Object::Ptr workflowJson;
    const bool scan = PaperIntake::needsKeying(checked);
    RegisteredCase registered = _context.write([&](ApiContext::WriteLease& writer) {
        RegisteredCase stored =
            scan ? PaperRegistration(writer.store()).registerScan(checked, receivedAt, principal.name)
                 : writer.store().registerApplications({&checked}, receivedAt, principal.name).front();
        if (_context.settings.startWorkflowOnSubmit && !stored.alreadyRegistered && !scan) {
            workflow::Outcome started = writer.engine().startCase(stored.referenceNumber, "", principal.name);
            workflowJson = new Object;
            workflowJson->set("started", started.ok);
            workflowJson->set("message", started.message);
            if (!started.ok) workflowJson->set("code", started.code);
        }
        return stored;
    });
    _context.pokeWorker();
    Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("referenceNumber", registered.referenceNumber);
    body.set("alreadyRegistered", registered.alreadyRegistered);
    body.set("channel", checked.channel);
    body.set("href", "/api/cases/" + Poco::replace(registered.referenceNumber, " ", "%20"));
    if (workflowJson) body.set("workflow", workflowJson);
    exchange.response().set("Location", body.getValue<std::string>("href"));
    exchange.sendJson(registered.alreadyRegistered ? 200 : 201, body);
}

void ApiRequestHandler::listCases(ApiExchange& exchange) {
    CaseFilter filter;
    filter.state = exchange.query("state");
    filter.text = exchange.query("search");
    filter.year = static_cast<int>(exchange.queryNumber("year", 0, 0, 9999));
    filter.limit = static_cast<int>(exchange.queryNumber("limit", 100, 1, 10000));
    auto lease = _context.pool->acquire();
    Array list;
    for (const auto& c : lease->store().listCases(filter)) {
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("referenceNumber", c.referenceNumber);
        item->set("registeredAt", c.registeredAt);
        item->set("state", c.state);
        item->set("channel", c.channel);
        item->set("organisation", c.organisation);
        item->set("title", c.title);
        item->set("kind", c.kind);
        item->set("lang", c.lang);
        item->set("requested", c.requested);
        list.add(item);
    }
    exchange.sendJson(200, list);
}

void ApiRequestHandler::showCase(ApiExchange& exchange, const std::string& dnr) {
    ReferenceNumber number = referenceNumber(dnr);
    Poco::Int64 caseId = number.key();
    auto lease = _context.pool->acquire();
    auto& session = lease->store().session();
    Poco::Data::Statement select(session);
    select << "SELECT dnr, registered_at, state, channel, COALESCE(grant_id, ''), COALESCE(organisation, ''), "
              "COALESCE(org_number, ''), COALESCE(title, ''), COALESCE(kind, ''), COALESCE(lang, ''), "
              "COALESCE(requested, 0) FROM cases WHERE id = ?",
        use(caseId);
    select.execute();
    Poco::Data::RecordSet row(select);
    if (!row.moveFirst()) throw ApiError(404, "there is no case " + number.toString(), "path:dnr");
    Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    const char* names[] = {"referenceNumber", "registeredAt", "state", "channel", "grant", "organisation",
                           "orgNumber", "title", "kind", "lang"};
    for (std::size_t i = 0; i < 10; ++i) body.set(names[i], row[i].convert<std::string>());
    body.set("requested", row[10].convert<Poco::Int64>());

    Array::Ptr documents = new Array;
    Poco::Data::Statement docs(session);
    docs << "SELECT id, role, COALESCE(name, ''), media_type, sha256, length(content), created_at FROM documents "
            "WHERE case_id = ? ORDER BY id",
        use(caseId);
    docs.execute();
    Poco::Data::RecordSet d(docs);
    for (bool more = d.moveFirst(); more; more = d.moveNext()) {
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        Poco::Int64 id = d[0].convert<Poco::Int64>();
        item->set("id", id);
        item->set("role", d[1].convert<std::string>());
        item->set("name", d[2].convert<std::string>());
        item->set("mediaType", d[3].convert<std::string>());
        item->set("sha256", d[4].convert<std::string>());
        item->set("bytes", d[5].convert<Poco::Int64>());
        item->set("createdAt", d[6].convert<std::string>());
        item->set("href", "/api/cases/" + std::to_string(number.year) + "-" + std::to_string(number.sequence) +
                              "/documents/" + std::to_string(id));
        documents->add(item);
    }
    body.set("documents", documents);

    Array::Ptr history = new Array;
    for (const auto& e : lease->store().events(number.toString())) {
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("id", e.id);
        item->set("at", e.at);
        item->set("actor", e.actor);
        item->set("kind", e.kind);
        item->set("detail", e.detail);
        history->add(item);
    }
    body.set("history", history);

    Array::Ptr tasks = new Array;
    workflow::TaskQuery query;
    query.referenceNumber = number.toString();
    for (const auto& t : lease->engine().tasks(query)) tasks->add(taskJson(t));
    body.set("openTasks", tasks);
    Array::Ptr waiting = new Array;
    for (const auto& w : lease->engine().waitingPoints(number.toString())) {
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("node", w.node);
        item->set("kind", w.kind);
        item->set("detail", w.detail);
        waiting->add(item);
    }
    body.set("waitingAt", waiting);
    body.set("document", lease->store().caseDocument(number.toString()).value_or(""));
    exchange.sendJson(200, body);
}

void ApiRequestHandler::download(ApiExchange& exchange, const std::string& dnr, const std::string& documentId) {
    ReferenceNumber number = referenceNumber(dnr);
    Poco::Int64 caseId = number.key();
    std::optional<long long> parsedId = decimalNumber(documentId);
    if (!parsedId) throw ApiError(400, "a document is named by its number, not '" + documentId + "'", "path:id");
    Poco::Int64 id = *parsedId;
    auto lease = _context.pool->acquire();
    std::vector<std::string> types, names;
    std::vector<Poco::Data::BLOB> contents;
    lease->store().session() << "SELECT media_type, COALESCE(name, ''), content FROM documents WHERE id = ? AND case_id = ?",
        use(id), use(caseId), into(types), into(names), into(contents), now;
    if (types.empty())
        throw ApiError(404, "case " + number.toString() + " has no document " + documentId, "path:id");
    std::string file = names.front();
    auto slash = file.find_last_of("/\\");
    if (slash != std::string::npos) file = file.substr(slash + 1);
    std::string safe;
    for (char c : file) safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
    if (safe.empty()) safe = "document-" + documentId;
    exchange.response().set("Content-Disposition", "attachment; filename=\"" + safe + "\"");
    const auto& blob = contents.front();
    exchange.sendText(200, types.front(), std::string(reinterpret_cast<const char*>(blob.rawContent()), blob.size()));
}

}  // namespace grantflow::http
