// Who may come in and what each role may do, over real HTTP.
#include "ApiTestServer.h"

#include <Poco/DateTime.h>

using namespace grantflow::test;

BOOST_AUTO_TEST_SUITE(ApiAccess)

BOOST_AUTO_TEST_CASE(health_answers_without_authentication) {
    ApiTestServer server;
    Reply reply = server.request("GET", "/health");
    BOOST_TEST(reply.status == 200);
    BOOST_TEST(reply.field("status") == "ok");
}

BOOST_AUTO_TEST_CASE(every_other_route_wants_credentials) {
    ApiTestServer server;
    for (const char* path : {"/api/cases", "/api/tasks", "/api/workflows", "/api/plugins", "/metrics",
                             "/api/openapi.json", "/api/cases/2026-1"}) {
        Reply reply = server.request("GET", path);
        BOOST_TEST(reply.status == 401, path);
        BOOST_TEST(reply.isJsonError(), path);
        BOOST_TEST(reply.headers.get("WWW-Authenticate", "").find("Bearer") == 0, path);
    }
}

BOOST_AUTO_TEST_CASE(a_user_logs_in_and_gets_a_short_lived_bearer_token) {
    ApiTestServer server;
    Reply reply = server.request("POST", "/api/token", R"({"user":"anna","password":"anna-pass"})", "application/json");
    BOOST_REQUIRE(reply.status == 200);
    auto body = reply.object();
    BOOST_TEST(body->getValue<std::string>("tokenType") == "Bearer");
    BOOST_TEST(body->getValue<int>("expiresIn") == 900);
    BOOST_TEST(body->getArray("roles")->size() == 2u);
    Reply cases = server.request("GET", "/api/cases", "", "",
                                 {{"Authorization", "Bearer " + body->getValue<std::string>("token")}});
    BOOST_TEST(cases.status == 200);
}

BOOST_AUTO_TEST_CASE(a_wrong_password_gets_no_token) {
    ApiTestServer server;
    Reply reply = server.request("POST", "/api/token", R"({"user":"anna","password":"bo-pass"})", "application/json");
    BOOST_TEST(reply.status == 401);
    BOOST_TEST(reply.isJsonError());
    BOOST_TEST(reply.body.find("token\"") == std::string::npos);
    // Which user would this be? Neither: a key given twice is refused.
    Reply twice = server.request("POST", "/api/token", R"({"user":"bo","user":"anna","password":"anna-pass"})",
                                 "application/json");
    BOOST_TEST(twice.status == 400);
    BOOST_TEST(twice.field("error").find("\"user\" is given twice") != std::string::npos, twice.body);
}

BOOST_AUTO_TEST_CASE(repeated_wrong_passwords_lock_the_name_for_a_while) {
    ApiTestServer server;
    for (int i = 0; i < 5; ++i)
        BOOST_TEST(server.request("POST", "/api/token", R"({"user":"bo","password":"guess"})", "application/json").status == 401);
    Reply locked = server.request("POST", "/api/token", R"({"user":"bo","password":"bo-pass"})", "application/json");
    BOOST_TEST(locked.status == 429);
    BOOST_TEST(locked.isJsonError());
    BOOST_TEST(server.request("POST", "/api/token", R"({"user":"anna","password":"anna-pass"})", "application/json").status == 200);
}

BOOST_AUTO_TEST_CASE(a_tampered_token_is_refused) {
    ApiTestServer server;
    std::string token = server.token("bo");
    token[token.size() - 3] = token[token.size() - 3] == 'A' ? 'B' : 'A';
    Reply reply = server.request("GET", "/api/cases", "", "", {{"Authorization", "Bearer " + token}});
    BOOST_TEST(reply.status == 401);
    BOOST_TEST(reply.field("where") == "Authorization");
}

BOOST_AUTO_TEST_CASE(a_system_uses_its_api_key) {
    ApiTestServer server;
    server.deployGrantReview();
    Reply reply = server.request("POST", "/api/applications",
                                 readFile(dataPath("applications/valid/01-information-bosnia.xml")),
                                 "application/xml", {{"X-API-Key", server.intakeKey()}});
    BOOST_TEST(reply.status == 201, reply.body);
    Reply wrong = server.request("GET", "/api/cases", "", "", {{"X-API-Key", "gfk_nonsense"}});
    BOOST_TEST(wrong.status == 401);
}

BOOST_AUTO_TEST_CASE(a_case_officer_cannot_deploy_workflows) {
    ApiTestServer server;
    Reply reply = server.as("bo", "POST", "/api/workflows", readFile(sourcePath("workflows/grant-review.bpmn")),
                            "application/xml");
    BOOST_TEST(reply.status == 403);
    BOOST_TEST(reply.field("where") == "role");
    BOOST_TEST(server.as("admin", "GET", "/api/workflows").array()->size() == 0u);
}

BOOST_AUTO_TEST_CASE(an_administrator_deploys_and_lists_workflows) {
    ApiTestServer server;
    server.deployGrantReview();
    Reply again = server.as("admin", "POST", "/api/workflows", readFile(sourcePath("workflows/grant-review.bpmn")),
                            "application/xml");
    BOOST_TEST(again.status == 200);  // unchanged bytes: no new version
    auto list = server.as("bo", "GET", "/api/workflows").array();
    BOOST_REQUIRE(list->size() == 1u);
    BOOST_TEST(list->getObject(0)->getValue<std::string>("key") == "grant-review");
    BOOST_TEST(list->getObject(0)->getValue<std::string>("deployedBy") == "admin");
}

BOOST_AUTO_TEST_CASE(only_a_registrator_submits_applications) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string application = readFile(dataPath("applications/valid/01-information-bosnia.xml"));
    for (const char* user : {"anna", "bo", "dora", "erik", "admin"}) {
        Reply reply = server.as(user, "POST", "/api/applications", application, "application/xml");
        BOOST_TEST(reply.status == 403, user);
    }
    Reply reply = server.as("rita", "POST", "/api/applications", application, "application/xml");
    BOOST_TEST(reply.status == 201);
    BOOST_TEST(reply.field("referenceNumber") == "GF " + std::to_string(Poco::DateTime().year()) + "-000001");
    BOOST_TEST(reply.object()->getObject("workflow")->getValue<bool>("started"));
}

BOOST_AUTO_TEST_CASE(every_office_role_reads_cases) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    for (const auto& [user, roles] : officePeople()) {
        BOOST_TEST(server.as(user, "GET", "/api/cases").status == 200, user);
        BOOST_TEST(server.as(user, "GET", "/api/cases/" + ApiTestServer::urlPart(dnr)).status == 200, user);
    }
    BOOST_TEST(server.request("GET", "/api/cases", "", "", {{"X-API-Key", server.monitorKey()}}).status == 403);
}

BOOST_AUTO_TEST_CASE(metrics_are_for_the_monitor_and_administrators) {
    ApiTestServer server;
    Reply monitor = server.request("GET", "/metrics", "", "", {{"X-API-Key", server.monitorKey()}});
    BOOST_TEST(monitor.status == 200);
    BOOST_TEST(monitor.contentType.find("text/plain") == 0);
    BOOST_TEST(monitor.body.find("grantflow_http_requests_total") != std::string::npos);
    BOOST_TEST(monitor.body.find("grantflow_tasks_waiting") != std::string::npos);
    BOOST_TEST(server.as("admin", "GET", "/metrics").status == 200);
    BOOST_TEST(server.as("anna", "GET", "/metrics").status == 403);
}

BOOST_AUTO_TEST_CASE(plugins_are_listed_to_administrators_only) {
    ApiTestServer server;
    BOOST_TEST(server.as("admin", "GET", "/api/plugins").status == 200);
    BOOST_TEST(server.as("bo", "GET", "/api/plugins").status == 403);
}

BOOST_AUTO_TEST_CASE(the_openapi_description_is_served_as_written) {
    ApiTestServer server;
    Reply reply = server.as("erik", "GET", "/api/openapi.json");
    BOOST_TEST(reply.status == 200);
    BOOST_TEST(reply.body == readFile(sourcePath("engine/src/http/openapi.json")));
    BOOST_TEST(reply.object()->getValue<std::string>("openapi") == "3.0.3");
}

BOOST_AUTO_TEST_CASE(a_case_officer_sees_only_their_own_inbox) {
    ApiTestServer server;
    BOOST_TEST(server.as("bo", "GET", "/api/tasks?user=anna").status == 403);
    BOOST_TEST(server.as("bo", "GET", "/api/tasks?role=beslutsfattare").status == 403);
    BOOST_TEST(server.as("bo", "GET", "/api/tasks?role=handlaggare").status == 200);
    BOOST_TEST(server.as("admin", "GET", "/api/tasks?user=anna").status == 200);
}

BOOST_AUTO_TEST_CASE(an_administrator_cannot_work_tasks) {
    ApiTestServer server;
    BOOST_TEST(server.as("admin", "POST", "/api/tasks/1/claim").status == 403);
    BOOST_TEST(server.as("admin", "POST", "/api/tasks/1/complete", outcomes::completeness, "application/xml").status == 403);
}

BOOST_AUTO_TEST_SUITE_END()
