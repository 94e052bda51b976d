// A real grantflow server for one test: a fresh store and users file in a temp
// folder, listening on a free loopback port, and a plain HTTP client that logs
// in as the office's people. The users' passwords are "NAME-pass".
#pragma once

#include "TestSupport.h"

#include <grantflow/http/ApiServer.h>
#include <grantflow/http/PasswordHash.h>
#include <grantflow/http/UserDirectory.h>

#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace grantflow::test {

struct Reply {
    int status = 0;
    std::string body, contentType;
    Poco::Net::NameValueCollection headers;

    Poco::JSON::Object::Ptr object() const {
        return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    }
    Poco::JSON::Array::Ptr array() const {
        return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Array::Ptr>();
    }
    std::string field(const std::string& name) const { return object()->optValue<std::string>(name, ""); }
    // Every refusal carries {"error": "...", "where": "..."}. False, not an
    // exception, for a body that is not JSON, so a check can show that body.
    bool isJsonError() const {
        if (contentType != "application/json") return false;
        try {
            auto o = object();
            return o->has("error") && o->has("where");
        } catch (const Poco::Exception&) {
            return false;
        }
    }
};

// The people of the test office and their roles.
inline const std::vector<std::pair<std::string, std::string>>& officePeople() {
    static const std::vector<std::pair<std::string, std::string>> people = {
        {"rita", "registrator"}, {"anna", "handlaggare,beslutsfattare"}, {"bo", "handlaggare"},
        {"dora", "beslutsfattare"}, {"erik", "ekonomi"}, {"admin", "administrator"}};
    return people;
}

class ApiTestServer {
public:
    // pluginDirectory: where the letter plugin is, for a server that renders letters;
    // empty: letter tasks only record their request.
    // adjust: changes to the settings below, e.g. shorter deadlines.
    explicit ApiTestServer(std::size_t maxBodyBytes = 1 << 20, const std::string& pluginDirectory = "",
                           const std::function<void(http::ApiSettings&)>& adjust = {}) {
        _usersFile = _dir.file("users.xml");
        writeUsers(_usersFile);
        _monitorKey = http::UserDirectory::addApiKey(_usersFile, "prometheus", {"monitor"});
        _intakeKey = http::UserDirectory::addApiKey(_usersFile, "e-service", {"registrator"});
        http::ApiSettings settings;
        settings.port = 0;
        settings.databasePath = _dir.file("store.db");
        settings.syncFull = true;  // the group commit path, as in production
        settings.dataDirectory = GRANTFLOW_SOURCE_DIR;
        settings.usersFile = _usersFile;
        settings.tokenSecret = "test secret that is long enough for HS256 keys";
        settings.openApiFile = sourcePath("engine/src/http/openapi.json");
        settings.maxBodyBytes = maxBodyBytes;
        settings.pluginDirectory = pluginDirectory;
        settings.maxThreads = 8;
        settings.keepAliveTimeout = Poco::Timespan(1, 0);
        settings.shutdownGrace = Poco::Timespan(5, 0);
        if (adjust) adjust(settings);
        _server = std::make_unique<http::ApiServer>(settings);
        _server->start();
    }

    ~ApiTestServer() { _server->stop(); }

    unsigned short port() const { return _server->port(); }
    std::string databasePath() const { return _dir.file("store.db"); }
    const std::string& monitorKey() const { return _monitorKey; }
    const std::string& intakeKey() const { return _intakeKey; }

    Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& contentType = "", const std::map<std::string, std::string>& headers = {}) {
        Poco::Net::HTTPClientSession session("127.0.0.1", port());
        session.setTimeout(Poco::Timespan(20, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : headers) request.set(name, value);
        if (!contentType.empty()) request.setContentType(contentType);
        if (!body.empty() || method == "POST") request.setContentLength64(static_cast<Poco::Int64>(body.size()));
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        Reply reply;
        reply.status = response.getStatus();
        reply.contentType = response.getContentType();
        for (const auto& [name, value] : response) reply.headers.add(name, value);
        Poco::StreamCopier::copyToString(in, reply.body);
        return reply;
    }

    // A bearer token for one of the office's people (cached per server).
    std::string token(const std::string& user) {
        auto found = _tokens.find(user);
        if (found != _tokens.end()) return found->second;
        Reply reply = request("POST", "/api/token", "{\"user\":\"" + user + "\",\"password\":\"" + user + "-pass\"}",
                              "application/json");
        BOOST_REQUIRE_MESSAGE(reply.status == 200, user << " could not log in: " << reply.body);
        return _tokens[user] = reply.field("token");
    }

    Reply as(const std::string& user, const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& contentType = "") {
        return request(method, path, body, contentType, {{"Authorization", "Bearer " + token(user)}});
    }

    // The grant review, deployed by the administrator.
    void deployGrantReview() {
        Reply reply = as("admin", "POST", "/api/workflows", readFile(sourcePath("workflows/grant-review.bpmn")),
                         "application/xml");
        BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
    }

    // Registers a sample application as rita and returns its reference number.
    std::string submitSample(const std::string& sample = "02-forstudie-minimal.xml") {
        Reply reply = as("rita", "POST", "/api/applications?name=" + sample,
                         readFile(dataPath("applications/valid/" + sample)), "application/xml");
        BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
        return reply.field("referenceNumber");
    }

    // The id of the open task `step` of case dnr, as an administrator sees it. Waits a
    // little: the server's worker may still be running the service task before it.
    long long taskOf(const std::string& dnr, const std::string& step) {
        Reply reply;
        for (int attempt = 0; attempt < 100; ++attempt) {
            reply = as("admin", "GET", "/api/tasks?case=" + urlPart(dnr));
            BOOST_REQUIRE_MESSAGE(reply.status == 200, reply.body);
            auto tasks = reply.array();
            for (std::size_t i = 0; i < tasks->size(); ++i) {
                auto task = tasks->getObject(static_cast<unsigned>(i));
                if (task->getValue<std::string>("step") == step) return task->getValue<long long>("id");
            }
            Poco::Thread::sleep(50);
        }
        BOOST_FAIL("case " << dnr << " has no open task " << step << ": " << reply.body);
        return 0;
    }

    Reply complete(const std::string& user, long long task, const std::string& outcome,
                   const std::string& type = "application/xml") {
        return as(user, "POST", "/api/tasks/" + std::to_string(task) + "/complete", outcome, type);
    }

    static std::string urlPart(const std::string& text) {
        std::string out;
        for (char c : text) out += c == ' ' ? std::string("%20") : std::string(1, c);
        return out;
    }

private:
    static void writeUsers(const std::string& path) {
        // Few PBKDF2 rounds: the tests log in often and check behaviour, not cost.
        std::string xml = "<users xmlns=\"urn:grantflow:users:1\">\n";
        for (const auto& [name, roles] : officePeople()) {
            std::string spaced = roles;
            for (char& c : spaced)
                if (c == ',') c = ' ';
            // One full name, to show the server hands the file's names to the engine.
            std::string fullName = name == "dora" ? " fullName=\"Dora Lind\"" : "";
            xml += "  <user name=\"" + name + "\"" + fullName + " roles=\"" + spaced + "\" password=\"" +
                   http::PasswordHash::create(name + "-pass", 1000) + "\"/>\n";
        }
        xml += "</users>\n";
        writeFile(path, xml);
    }

    TempDir _dir;
    std::string _usersFile, _monitorKey, _intakeKey;
    std::unique_ptr<http::ApiServer> _server;
    std::map<std::string, std::string> _tokens;
};

// Outcome documents of the grant review (schemas/outcomes/*.xsd).
namespace outcomes {
inline const std::string completeness =
    "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\"><outcome>complete</outcome></review>";
inline const std::string eligibility =
    "<review xmlns=\"urn:grantflow:case:1\" step=\"eligibility\"><outcome>eligible</outcome></review>";
inline const std::string assessment =
    "<review xmlns=\"urn:grantflow:case:1\" step=\"assessment\"><noConflictOfInterest>true</noConflictOfInterest>"
    "<quality>4</quality><relevance>5</relevance><feasibility>4</feasibility><recommendation>bifall</recommendation>"
    "<proposedAmount>85000</proposedAmount><reasons><p>Well-founded plan.</p></reasons></review>";
inline const std::string decision =
    "<decision xmlns=\"urn:grantflow:case:1\"><outcome>bifall</outcome><amount>85000</amount>"
    "<reasons><p>The project meets the aims of the grant.</p></reasons></decision>";
}  // namespace outcomes

}  // namespace grantflow::test
