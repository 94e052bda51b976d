#include "http/ApiRequestHandler.h"

#include "http/JsonOutcome.h"
#include "http/StrictJsonHandler.h"
#include "http/WorkflowRefusal.h"

#include <grantflow/DecimalNumber.h>
#include <grantflow/PaperRegistration.h>
#include <grantflow/ReferenceNumber.h>

#include <Poco/Data/DataException.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Path.h>
#include <Poco/Stopwatch.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <algorithm>

namespace grantflow::http {

using namespace Poco::Data::Keywords;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Poco::Logger& logger() { return Poco::Logger::get("grantflow.http"); }

long long taskNumber(const std::string& text) {
    std::optional<long long> id = decimalNumber(text);
    if (!id || *id <= 0) throw ApiError(400, "a task is named by its number, not '" + text + "'", "path:task");
    return *id;
}

// `where` names the part of the request it came from, for the refusal.
ReferenceNumber referenceNumber(const std::string& text, const std::string& where = "path:dnr") {
    try {
        return ReferenceNumber::parse(text);
    } catch (const Poco::SyntaxException&) {
        throw ApiError(400, "not a reference number: '" + text + "' (write GF 2026-000123 or 2026-123)", where);
    }
}

// A yes-or-no query parameter: "true" or "false"; anything else is refused, not taken as false.
bool queryFlag(const ApiExchange& exchange, const std::string& name) {
    const std::string value = exchange.query(name, "false");
    if (value != "true" && value != "false") throw ApiError(400, name + " must be true or false", "query:" + name);
    return value == "true";
}

Object::Ptr taskJson(const workflow::TaskInfo& t) {
    Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("id", t.id);
    item->set("referenceNumber", t.referenceNumber);
    item->set("process", t.processKey);
    item->set("processVersion", t.processVersion);
    item->set("step", t.node);
    item->set("name", t.name);
    item->set("state", t.state);
    item->set("assignee", t.assignee.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(t.assignee));
    item->set("roles", t.roles);
    item->set("form", t.form);
    item->set("dueAt", t.dueAt.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(t.dueAt));
    item->set("createdAt", t.createdAt);
    return item;
}

bool isXml(const std::string& type) {
    return type == "application/xml" || type == "text/xml" || (type.size() > 4 && type.substr(type.size() - 4) == "+xml");
}

// The body as XML: sent as XML, or as JSON in the shape JsonOutcome maps; empty when
// there is none. `what` names it in the refusal of another media type.
std::string xmlBody(ApiExchange& exchange, std::size_t maxBytes, const std::string& what) {
    const std::string type = exchange.mediaType();
    std::string body = exchange.body(maxBytes);
    if (type == "application/json") return body.empty() ? "" : JsonOutcome::toXml(body);
    if (isXml(type) || body.empty()) return body;
    throw ApiError(415, "send the " + what + " as application/xml or application/json", "Content-Type");
}

}  // namespace

void ApiRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    ++_context.inFlight;
    Poco::Stopwatch watch;
    watch.start();
    try {
        ApiExchange exchange(request, response);
        try {
            std::size_t headerBytes = request.getURI().size();
            for (const auto& [name, value] : request) headerBytes += name.size() + value.size() + 4;
            if (headerBytes > _context.settings.maxHeaderBytes)
                throw ApiError(431, "the request line and headers are " + std::to_string(headerBytes) +
                                        " bytes; at most " + std::to_string(_context.settings.maxHeaderBytes) +
                                        " are taken", "headers");
            dispatch(exchange);
        } catch (const ApiError& error) {
            if (!exchange.sent()) exchange.sendError(error);
        } catch (const Poco::Data::SQLite::DBLockedException& e) {
            logger().warning("store busy: " + e.displayText());
            if (!exchange.sent()) exchange.sendError(ApiError(503, "the store is busy; try again", "store"));
        } catch (const Poco::Data::SQLite::TableLockedException& e) {
            logger().warning("store busy: " + e.displayText());
            if (!exchange.sent()) exchange.sendError(ApiError(503, "the store is busy; try again", "store"));
        } catch (const Poco::Exception& e) {
            logger().error(_route + ": " + e.displayText());
            if (!exchange.sent()) exchange.sendError(ApiError(500, "the server failed: " + e.displayText(), "server"));
        } catch (const std::exception& e) {
            logger().error(_route + ": " + e.what());
            if (!exchange.sent()) exchange.sendError(ApiError(500, std::string("the server failed: ") + e.what(), "server"));
        }
    } catch (const ApiError& error) {
        // The request target itself was not usable: answer without an exchange.
        ApiExchange::sendBareError(response, error);
    } catch (const Poco::Exception& e) {
        // Nothing more can be said to a client whose connection broke mid-answer.
        logger().information("answer not delivered: " + e.displayText());
    }
    _context.metrics.record(_route, static_cast<int>(response.getStatus()),
                            static_cast<double>(watch.elapsed()) / 1e6);
    --_context.inFlight;
}

void ApiRequestHandler::dispatch(ApiExchange& exchange) {
    const auto& s = exchange.segments();
    const std::string& method = exchange.method();
    auto route = [&](const char* pattern, std::initializer_list<const char*> allowed) {
        _route = method + " " + pattern;
        for (const char* m : allowed)
            if (method == m) return;
        std::string list;
        for (const char* m : allowed) list += (list.empty() ? "" : ", ") + std::string(m);
        exchange.response().set("Allow", list);
        _route = std::string("* ") + pattern;
        throw ApiError(405, method + " is not allowed here; use " + list, "method");
    };
    const std::size_t n = s.size();

    if (n == 1 && s[0] == "health") {
        route("/health", {"GET"});
        return health(exchange);
    }
    if (n == 2 && s[0] == "api" && s[1] == "token") {
        route("/api/token", {"POST"});
        return token(exchange);
    }
    bool known = (n == 1 && s[0] == "metrics") || (n >= 2 && s[0] == "api");
    if (!known) {
        _route = "unknown";
        throw ApiError(404, "there is no such resource", "path");
    }
    Principal principal = authenticate(exchange);

    if (n == 1) {
        route("/metrics", {"GET"});
        require(principal, Permission::readMetrics);
        return metrics(exchange);
    }
    const std::string& area = s[1];
    if (area == "openapi.json" && n == 2) {
        route("/api/openapi.json", {"GET"});
        return exchange.sendText(200, "application/json", _context.openApi);
    }
    if (area == "applications" && n == 2) {
        route("/api/applications", {"POST"});
        require(principal, Permission::submitApplications);
        return submit(exchange, principal);
    }
    if (area == "cases") {
        if (n == 2) {
            route("/api/cases", {"GET"});
            require(principal, Permission::readCases);
            return listCases(exchange);
        }
        if (n == 3) {
            route("/api/cases/{dnr}", {"GET"});
            require(principal, Permission::readCases);
            return showCase(exchange, s[2]);
        }
        if (n == 4 && s[3] == "decision-request") {
            route("/api/cases/{dnr}/decision-request", {"POST"});
            return decisionRequest(exchange, principal, s[2]);  // which permission depends on the body
        }
        if (n == 5 && s[3] == "messages") {
            route("/api/cases/{dnr}/messages/{name}", {"POST"});
            require(principal, Permission::deliverMessages);
            return deliverMessage(exchange, principal, s[2], s[4]);
        }
        if (n == 5 && s[3] == "documents") {
            route("/api/cases/{dnr}/documents/{id}", {"GET"});
            require(principal, Permission::readCases);
            return download(exchange, s[2], s[4]);
        }
    }
    if (area == "tasks") {
        if (n == 2) {
            route("/api/tasks", {"GET"});
            require(principal, Permission::readTasks);
            return listTasks(exchange, principal);
        }
        if (n == 4 && s[3] == "claim") {
            route("/api/tasks/{id}/claim", {"POST"});
            require(principal, Permission::workTasks);
            return claim(exchange, principal, s[2]);
        }
        if (n == 4 && s[3] == "complete") {
            route("/api/tasks/{id}/complete", {"POST"});
            require(principal, Permission::workTasks);
            return complete(exchange, principal, s[2]);
        }
    }
    if (area == "granted" && n == 2) {
        route("/api/granted", {"GET"});
        require(principal, Permission::readCases);
        return listGranted(exchange);
    }
    if (area == "deadlines" && n == 2) {
        route("/api/deadlines", {"GET"});
        require(principal, Permission::readCases);
        return listDeadlines(exchange);
    }
    if (area == "workflows" && n == 2) {
        route("/api/workflows", {"GET", "POST"});
        if (exchange.method() == "POST") {
            require(principal, Permission::deployWorkflows);
            return deploy(exchange, principal);
        }
        require(principal, Permission::readWorkflows);
        return listWorkflows(exchange);
    }
    if (area == "plugins" && n == 2) {
        route("/api/plugins", {"GET"});
        require(principal, Permission::readPlugins);
        return listPlugins(exchange);
    }
    _route = "unknown";
    throw ApiError(404, "there is no such resource", "path");
}

Principal ApiRequestHandler::authenticate(ApiExchange& exchange) {
    auto& request = exchange.request();
    // Two ways of saying who one is, or the same header twice, could each name
    // someone else: which one counts would be a guess, so neither does.
    for (const char* header : {"X-API-Key", "Authorization"}) {
        std::size_t count = 0;
        for (auto field = request.find(header); field != request.end() && Poco::icompare(field->first, header) == 0;
             ++field)
            ++count;
        if (count > 1) throw ApiError(400, std::string("the request has ") + header + " twice: send it once", header);
    }
    if (request.has("X-API-Key") && request.has("Authorization"))
        throw ApiError(400, "the request has both an X-API-Key and an Authorization header: send one of them",
                       "Authorization");
    std::string key = request.get("X-API-Key", "");
    std::string authorization = request.get("Authorization", "");
    std::string scheme, credentials;
    auto space = authorization.find(' ');
    if (space != std::string::npos) {
        scheme = Poco::toLower(authorization.substr(0, space));
        credentials = Poco::trim(authorization.substr(space + 1));
    }
    if (key.empty() && scheme == "apikey") key = credentials;
    if (!key.empty()) {
        auto system = _context.users.authenticateKey(key);
        if (!system) throw ApiError(401, "the API key is not known", "X-API-Key");
        return *system;
    }
    if (authorization.empty())
        throw ApiError(401, "authenticate with a bearer token (POST /api/token) or an API key", "Authorization");
    if (scheme != "bearer")
        throw ApiError(401, "the Authorization header must be 'Bearer TOKEN' or 'ApiKey KEY'", "Authorization");
    TokenCheck check = _context.tokens->check(credentials);
    if (!check.valid) throw ApiError(401, check.problem, "Authorization");
    auto person = _context.users.find(check.subject);
    if (!person) throw ApiError(401, "the token's user is no longer known", "Authorization");
    return *person;
}

void ApiRequestHandler::require(const Principal& principal, Permission permission) {
    if (RoleMatrix::allows(principal.roles, permission)) return;
    std::string needed;
    for (const auto& role : RoleMatrix::rolesFor(permission)) needed += (needed.empty() ? "" : ", ") + role;
    throw ApiError(403, principal.name + " may not do this: it needs one of the roles " + needed, "role");
}

void ApiRequestHandler::health(ApiExchange& exchange) {
    auto lease = _context.pool->acquire();
    int one = 0;
    lease->store().session() << "SELECT 1", into(one), now;
    Object body;
    body.set("status", one == 1 ? "ok" : "degraded");
    exchange.sendJson(200, body);
}

void ApiRequestHandler::token(ApiExchange& exchange) {
    std::string user, password;
    if (exchange.request().hasCredentials()) {
        try {
            Poco::Net::HTTPBasicCredentials credentials(exchange.request());
            user = credentials.getUsername();
            password = credentials.getPassword();
        } catch (const Poco::Exception& e) {
            throw ApiError(400, "the Authorization header is not Basic credentials: " + e.message(), "Authorization");
        }
    } else {
        std::string body = exchange.body(64 * 1024);
        if (exchange.mediaType() != "application/json")
            throw ApiError(415, "send the credentials as application/json {\"user\": \"...\", \"password\": \"...\"}",
                           "Content-Type");
        try {
            Poco::JSON::Parser parser(new StrictJsonHandler);
            auto object = parser.parse(body).extract<Object::Ptr>();
            user = object->optValue<std::string>("user", "");
            password = object->optValue<std::string>("password", "");
        } catch (const Poco::Exception& e) {
            throw ApiError(400, "the body must be JSON {\"user\": \"...\", \"password\": \"...\"}: " + e.message(),
                           "body");
        }
    }
    if (user.empty() || password.empty()) throw ApiError(400, "give both user and password", "body");
    if (!_context.logins.allowed(user)) {
        exchange.response().set("Retry-After", "60");
        throw ApiError(429, "too many wrong passwords for " + user + "; try again in a minute", "body");
    }
    auto principal = _context.users.authenticate(user, password);
    if (!principal) {
        _context.logins.failed(user);
        throw ApiError(401, "unknown user or wrong password", "body");
    }
    _context.logins.succeeded(user);
    Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("token", _context.tokens->issue(principal->name));
    body.set("tokenType", "Bearer");
    body.set("expiresIn", static_cast<long long>(_context.tokens->lifetime().totalSeconds()));
    body.set("user", principal->name);
    Array::Ptr roles = new Array;
    for (const auto& r : principal->roles) roles->add(r);
    body.set("roles", roles);
    exchange.sendJson(200, body);
}

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

void ApiRequestHandler::metrics(ApiExchange& exchange) {
    auto lease = _context.pool->acquire();
    exchange.sendText(200, "text/plain; version=0.0.4", _context.metrics.render(lease->store().session()));
}

}  // namespace grantflow::http
