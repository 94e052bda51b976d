#include "http/ApiRequestHandler.h"

#include "http/StrictJsonHandler.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Stopwatch.h>
#include <Poco/String.h>

namespace grantflow::http {

using namespace Poco::Data::Keywords;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Poco::Logger& logger() { return Poco::Logger::get("grantflow.http"); }

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

void ApiRequestHandler::metrics(ApiExchange& exchange) {
    auto lease = _context.pool->acquire();
    exchange.sendText(200, "text/plain; version=0.0.4", _context.metrics.render(lease->store().session()));
}

}  // namespace grantflow::http
