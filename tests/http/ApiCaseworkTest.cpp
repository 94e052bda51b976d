// Case work over HTTP: registering, the inbox, claiming and completing, the
// four-eyes rule applied to the authenticated user, reading and downloading.
#include "ApiTestServer.h"

using namespace grantflow::test;

namespace {

// Registration to the decision task, assessed by `officer`.
std::string toDecision(ApiTestServer& server, const std::string& officer) {
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    BOOST_REQUIRE(server.complete(officer, server.taskOf(dnr, "completeness"), outcomes::completeness).status == 200);
    BOOST_REQUIRE(server.complete(officer, server.taskOf(dnr, "eligibility"), outcomes::eligibility).status == 200);
    BOOST_REQUIRE(server.complete(officer, server.taskOf(dnr, "assessment"), outcomes::assessment).status == 200);
    return dnr;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(ApiCasework)

BOOST_AUTO_TEST_CASE(a_registered_application_waits_in_the_case_officers_inbox) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    server.taskOf(dnr, "completeness");  // after the acknowledgement of receipt
    auto inbox = server.as("bo", "GET", "/api/tasks").array();
    BOOST_REQUIRE(inbox->size() == 1u);
    BOOST_TEST(inbox->getObject(0)->getValue<std::string>("referenceNumber") == dnr);
    BOOST_TEST(inbox->getObject(0)->getValue<std::string>("step") == "completeness");
    BOOST_TEST(inbox->getObject(0)->getValue<std::string>("roles") == "handlaggare");
    BOOST_TEST(inbox->getObject(0)->getValue<std::string>("users") == "");  // offered to a role, not to people
    BOOST_TEST(server.as("dora", "GET", "/api/tasks").array()->size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_case_officer_claims_and_completes_with_a_json_outcome) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    long long task = server.taskOf(dnr, "completeness");
    Reply claimed = server.as("bo", "POST", "/api/tasks/" + std::to_string(task) + "/claim");
    BOOST_TEST(claimed.status == 200, claimed.body);
    BOOST_TEST(server.as("anna", "POST", "/api/tasks/" + std::to_string(task) + "/claim").status == 409);
    Reply done = server.complete("bo", task, R"({"review": {"@step": "completeness", "outcome": "complete"}})",
                                 "application/json");
    BOOST_TEST(done.status == 200, done.body);
    BOOST_TEST(server.taskOf(dnr, "eligibility") > task);
    std::string history = server.as("bo", "GET", "/api/cases/" + ApiTestServer::urlPart(dnr)).body;
    BOOST_TEST(contains(history, R"("actor":"bo","kind":"task-completed")"));
}

BOOST_AUTO_TEST_CASE(a_task_claimed_by_someone_else_cannot_be_completed) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    long long task = server.taskOf(dnr, "completeness");
    BOOST_REQUIRE(server.as("bo", "POST", "/api/tasks/" + std::to_string(task) + "/claim").status == 200);
    Reply reply = server.complete("anna", task, outcomes::completeness);
    BOOST_TEST(reply.status == 409);
    BOOST_TEST(contains(reply.field("error"), "claimed"));
}

BOOST_AUTO_TEST_CASE(the_presenting_officer_may_not_decide_four_eyes) {
    ApiTestServer server;
    std::string dnr = toDecision(server, "anna");  // anna also holds the decision-maker role
    long long decision = server.taskOf(dnr, "decision");
    Reply claim = server.as("anna", "POST", "/api/tasks/" + std::to_string(decision) + "/claim");
    BOOST_TEST(claim.status == 403);
    BOOST_TEST(contains(claim.field("error"), "four-eyes"));
    Reply complete = server.complete("anna", decision, outcomes::decision);
    BOOST_TEST(complete.status == 403);
    BOOST_TEST(contains(complete.field("error"), "four-eyes"));
    BOOST_TEST(server.complete("dora", decision, outcomes::decision).status == 200);
    // Her name from the users file is stamped on her decision, for the letter to give.
    Reply shown = server.as("dora", "GET", "/api/cases/" + ApiTestServer::urlPart(dnr));
    BOOST_TEST(contains(shown.object()->getValue<std::string>("document"), "by=\"dora\" byName=\"Dora Lind\""));
    // And the register of granted projects lists it.
    Reply granted = server.as("bo", "GET", "/api/granted?search=" + ApiTestServer::urlPart(dnr));
    BOOST_REQUIRE(granted.status == 200);
    BOOST_REQUIRE(granted.array()->size() == 1u);
    BOOST_TEST(granted.array()->getObject(0)->getValue<std::string>("referenceNumber") == dnr);
    BOOST_TEST(granted.array()->getObject(0)->getValue<std::string>("outcome") == "bifall");
    BOOST_TEST(server.as("bo", "GET", "/api/granted?year=abc").status == 400);
}

BOOST_AUTO_TEST_CASE(a_user_without_the_tasks_role_is_refused) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    Reply reply = server.complete("erik", server.taskOf(dnr, "completeness"), outcomes::completeness);
    BOOST_TEST(reply.status == 403);
    BOOST_TEST(contains(reply.field("error"), "not-a-candidate"));
}

BOOST_AUTO_TEST_CASE(an_outcome_that_breaks_its_schema_is_refused_with_its_problems) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    Reply reply = server.complete("bo", server.taskOf(dnr, "completeness"),
                                  "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\"><outcome>maybe</outcome></review>");
    BOOST_TEST(reply.status == 422);
    BOOST_TEST(reply.field("where") == "body");
    BOOST_TEST(reply.object()->getArray("details")->size() >= 1u);
}

BOOST_AUTO_TEST_CASE(a_refusal_of_a_proposal_of_bifall_before_the_party_is_heard_is_422) {
    ApiTestServer server;
    std::string dnr = toDecision(server, "anna");
    const long long decision = server.taskOf(dnr, "decision");
    Reply reply = server.complete("dora", decision,
                                  "<decision xmlns=\"urn:grantflow:case:1\"><outcome>avslag</outcome>"
                                  "<reasons><p>Weak plan.</p></reasons></decision>");
    BOOST_TEST(reply.status == 422);
    BOOST_TEST(contains(reply.field("error"), "[outcome-case-rule]"), reply.body);
    auto details = reply.object()->getArray("details");
    BOOST_REQUIRE(details && details->size() == 1u);
    BOOST_TEST(details->getObject(0)->getValue<std::string>("path") == "/decision/outcome");
    BOOST_TEST(contains(details->getObject(0)->getValue<std::string>("message"), "25 § förvaltningslagen"));
    BOOST_TEST(server.taskOf(dnr, "decision") == decision);  // still open, nothing decided
}

BOOST_AUTO_TEST_CASE(an_unknown_task_is_404) {
    ApiTestServer server;
    Reply reply = server.complete("bo", 999, outcomes::completeness);
    BOOST_TEST(reply.status == 404);
    BOOST_TEST(reply.isJsonError());
}

BOOST_AUTO_TEST_CASE(a_refused_application_gets_every_problem) {
    ApiTestServer server;
    Reply reply = server.as("rita", "POST", "/api/applications",
                            readFile(dataPath("applications/invalid/budget-does-not-add-up.xml")), "application/xml");
    BOOST_TEST(reply.status == 422);
    auto details = reply.object()->getArray("details");
    BOOST_REQUIRE(details->size() >= 1u);
    BOOST_TEST(!details->getObject(0)->getValue<std::string>("code").empty());
    BOOST_TEST(server.as("rita", "GET", "/api/cases").array()->size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_scanned_paper_application_is_registered_for_keying_in) {
    ApiTestServer server;
    Reply reply = server.as("rita", "POST", "/api/applications?name=scan.pdf", readFile(dataPath("pdf/scan-image-only.pdf")),
                            "application/pdf");
    BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
    BOOST_TEST(reply.field("channel") == "scanned-paper");
    auto body = server.as("rita", "GET", reply.field("href")).object();
    BOOST_TEST(body->getValue<std::string>("state") == "awaiting-keying");
    BOOST_TEST(body->getArray("documents")->getObject(0)->getValue<std::string>("mediaType") == "application/pdf");
}

BOOST_AUTO_TEST_CASE(a_damaged_pdf_is_refused_not_a_server_error) {
    ApiTestServer server;
    for (const char* file : {"pdf/corrupt.pdf", "pdf/truncated.pdf", "pdf/not-a-pdf.pdf", "pdf/encrypted.pdf"}) {
        Reply reply = server.as("rita", "POST", "/api/applications", readFile(dataPath(file)), "application/pdf");
        BOOST_TEST(reply.status == 422, file << ": " << reply.status << " " << reply.body);
        BOOST_TEST(reply.isJsonError(), file);
    }
}

BOOST_AUTO_TEST_CASE(the_same_application_twice_gives_the_same_case) {
    ApiTestServer server;
    std::string dnr = server.submitSample();
    Reply again = server.as("rita", "POST", "/api/applications",
                            readFile(dataPath("applications/valid/02-forstudie-minimal.xml")), "application/xml");
    BOOST_TEST(again.status == 200);
    BOOST_TEST(again.field("referenceNumber") == dnr);
    BOOST_TEST(again.object()->getValue<bool>("alreadyRegistered"));
}

BOOST_AUTO_TEST_CASE(a_case_shows_its_documents_history_and_document) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    server.taskOf(dnr, "completeness");  // after the acknowledgement of receipt
    Reply reply = server.as("dora", "GET", "/api/cases/" + ApiTestServer::urlPart(dnr));
    BOOST_REQUIRE(reply.status == 200);
    auto body = reply.object();
    BOOST_TEST(body->getValue<std::string>("referenceNumber") == dnr);
    BOOST_TEST(body->getValue<long long>("requested") == 85000);
    BOOST_TEST(body->getArray("documents")->size() == 1u);
    BOOST_TEST(body->getArray("history")->getObject(0)->getValue<std::string>("kind") == "registered");
    BOOST_TEST(body->getArray("history")->getObject(0)->getValue<std::string>("actor") == "rita");
    BOOST_TEST(contains(body->getValue<std::string>("document"), "<registration>"));
    BOOST_TEST(body->getArray("openTasks")->size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_document_downloads_byte_for_byte) {
    ApiTestServer server;
    std::string dnr = server.submitSample();
    auto documents = server.as("erik", "GET", "/api/cases/" + ApiTestServer::urlPart(dnr)).object()->getArray("documents");
    std::string href = documents->getObject(0)->getValue<std::string>("href");
    Reply reply = server.as("erik", "GET", href);
    BOOST_TEST(reply.status == 200);
    BOOST_TEST(reply.contentType == "application/xml");
    BOOST_TEST(reply.body == readFile(dataPath("applications/valid/02-forstudie-minimal.xml")));
    BOOST_TEST(contains(reply.headers.get("Content-Disposition", ""), "02-forstudie-minimal.xml"));
    BOOST_TEST(server.as("erik", "GET", "/api/cases/2026-1/documents/999").status == 404);
}

BOOST_AUTO_TEST_CASE(the_server_renders_the_acknowledgement_as_a_pdf_letter) {
    ApiTestServer server(1 << 20, PLUGIN_DIR);
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    server.taskOf(dnr, "completeness");  // the worker has run the acknowledgement task
    auto documents = server.as("dora", "GET", "/api/cases/" + ApiTestServer::urlPart(dnr)).object()->getArray("documents");
    BOOST_REQUIRE(documents->size() == 2u);  // the application and its acknowledgement
    Reply letter = server.as("dora", "GET", documents->getObject(1)->getValue<std::string>("href"));
    BOOST_TEST(letter.status == 200);
    BOOST_TEST(letter.contentType == "application/pdf");
    BOOST_TEST(letter.body.rfind("%PDF-", 0) == 0u);
    BOOST_TEST(contains(server.as("dora", "GET", "/api/cases/" + ApiTestServer::urlPart(dnr)).field("document"),
                        "<letter type=\"acknowledgement\""));
}

BOOST_AUTO_TEST_CASE(cases_are_listed_and_searched) {
    ApiTestServer server;
    server.submitSample("01-information-bosnia.xml");
    server.submitSample("02-forstudie-minimal.xml");
    BOOST_TEST(server.as("bo", "GET", "/api/cases").array()->size() == 2u);
    auto found = server.as("bo", "GET", "/api/cases?search=Kurdistan").array();
    BOOST_REQUIRE(found->size() == 1u);
    BOOST_TEST(found->getObject(0)->getValue<std::string>("kind") == "forstudie");
    BOOST_TEST(server.as("bo", "GET", "/api/cases?state=closed").array()->size() == 0u);
    BOOST_TEST(server.as("bo", "GET", "/api/cases?limit=1").array()->size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_worker_in_the_server_runs_service_tasks) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    // The acknowledgement of receipt is a service task the in-process worker runs.
    std::string body;
    for (int i = 0; i < 100 && !contains(body, "service-done"); ++i) {
        body = server.as("bo", "GET", "/api/cases/" + ApiTestServer::urlPart(dnr)).body;
        if (!contains(body, "service-done")) Poco::Thread::sleep(50);
    }
    BOOST_TEST(contains(body, "service-done"));
}

BOOST_AUTO_TEST_CASE(a_supplement_arrives_over_the_api_once_and_only_as_what_it_is) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    Reply incomplete = server.complete(
        "bo", server.taskOf(dnr, "completeness"),
        R"({"review": {"@step": "completeness", "outcome": "incomplete", "missing": {"item": ["budget"]}}})",
        "application/json");
    BOOST_REQUIRE_MESSAGE(incomplete.status == 200, incomplete.body);
    const std::string path = "/api/cases/" + ApiTestServer::urlPart(dnr) + "/messages/supplement-received";
    const std::string supplement = R"({"supplement": {"item": "budget specification"}})";
    // The server's worker sends the request for supplement; then the case waits for it.
    Reply taken;
    for (int attempt = 0; attempt < 100; ++attempt) {
        taken = server.as("rita", "POST", path + "?id=mail-1", supplement, "application/json");
        if (taken.status != 409) break;
        Poco::Thread::sleep(50);
    }
    BOOST_REQUIRE_MESSAGE(taken.status == 200, taken.body);
    BOOST_TEST(taken.object()->getValue<bool>("taken"));
    Reply again = server.as("rita", "POST", path + "?id=mail-1", supplement, "application/json");
    BOOST_TEST(again.status == 200);
    BOOST_TEST(!again.object()->getValue<bool>("taken"));  // the same id is taken once
    // ... but for another message it is refused, not reported as taken: that would drop it.
    const std::string withdrawal = "/api/cases/" + ApiTestServer::urlPart(dnr) + "/messages/application-withdrawn";
    Reply reused = server.as("rita", "POST", withdrawal + "?id=mail-1");
    BOOST_TEST(reused.status == 409);
    BOOST_TEST(reused.body.find("message-id-taken") != std::string::npos, reused.body);
    BOOST_TEST(server.as("rita", "POST", path + "?id=mail%0A1", supplement, "application/json").status == 422);
    BOOST_TEST(server.taskOf(dnr, "completeness") > 0);     // checked again

    BOOST_TEST(server.as("rita", "POST", path + "?id=mail-2", supplement, "application/json").status == 409);
    BOOST_TEST(server.as("rita", "POST", path, supplement, "application/json").field("where") == "query:id");
    BOOST_TEST(server.as("erik", "POST", path + "?id=mail-3", supplement, "application/json").status == 403);
    BOOST_TEST(server.as("rita", "POST", "/api/cases/2026-999999/messages/supplement-received?id=m").status == 404);
    // A message cannot pass for the agency's own record.
    Reply forged = server.as("rita", "POST", path + "?id=mail-4",
                             R"({"decision": {"outcome": "bifall", "amount": 85000}})", "application/json");
    BOOST_TEST(forged.status == 422);
    BOOST_TEST(contains(forged.field("error"), "cannot bring <decision>"), forged.body);
}

BOOST_AUTO_TEST_SUITE_END()
