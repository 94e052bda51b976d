// 12 § förvaltningslagen over the API: who may register and refuse a party's
// request for a decision, what a malformed request body gets, and /api/deadlines.
#include "ApiTestServer.h"

#include <grantflow/CaseStore.h>
#include <grantflow/workflow/IsoTime.h>

#include <Poco/Timestamp.h>

#include <boost/test/unit_test.hpp>

using namespace grantflow::test;
using namespace Poco::Data::Keywords;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The store is told the case came in seven months ago, as old as 12 § needs it.
void ageCase(ApiTestServer& server, const std::string& dnr) {
    const auto seconds = static_cast<grantflow::workflow::Instant>(Poco::Timestamp().epochTime());
    std::string registered = grantflow::workflow::formatInstant(seconds - 213 * 24 * 3600), number = dnr;
    grantflow::CaseStore store(server.databasePath());
    store.session() << "UPDATE cases SET registered_at = ? WHERE dnr = ?", use(registered), use(number), now;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ApiDecisionRequest)

BOOST_AUTO_TEST_CASE(a_request_is_registered_listed_and_refused_by_the_roles_the_law_gives) {
    ApiTestServer server;
    server.deployGrantReview();
    std::string dnr = server.submitSample();
    const std::string path = "/api/cases/" + ApiTestServer::urlPart(dnr) + "/decision-request";

    Reply early = server.as("rita", "POST", path);
    BOOST_TEST(early.status == 409);
    BOOST_TEST(contains(early.field("error"), "may ask for a decision from"), early.body);

    ageCase(server, dnr);
    BOOST_TEST(server.as("erik", "POST", path).status == 403);  // ekonomi registers no letters
    BOOST_TEST(server.as("rita", "POST", path, "soon", "text/plain").status == 415);
    BOOST_TEST(server.as("rita", "POST", path, R"({"when": "2026-01-01"})", "application/json").field("where") == "$.when");
    BOOST_TEST(server.as("rita", "POST", path, R"({"received": "2026-01-01", "refuse": "x"})", "application/json")
                   .status == 400);
    BOOST_TEST(server.as("rita", "POST", path, R"({"received": "yesterday"})", "application/json").status == 400);
    BOOST_TEST(server.as("rita", "POST", path, R"({"received": "2099-01-01"})", "application/json").status == 409);

    Reply registered = server.as("rita", "POST", path);
    BOOST_REQUIRE_MESSAGE(registered.status == 201, registered.body);
    BOOST_TEST(contains(registered.field("message"), "decide the case, or refuse the request, by"));
    BOOST_TEST(server.as("rita", "POST", path).status == 409);  // one open request at a time

    Reply listed = server.as("bo", "GET", "/api/deadlines");
    BOOST_REQUIRE(listed.status == 200);
    auto first = listed.array()->getObject(0);
    BOOST_TEST(first->getValue<std::string>("referenceNumber") == dnr);
    BOOST_TEST(first->getValue<std::string>("kind") == "decision-requested");
    BOOST_TEST(first->getValue<bool>("overdue") == false);

    // Refusing is a decision: bo (handlaggare) may not, dora (beslutsfattare) may.
    const std::string refusal = R"({"refuse": "Utredningen väntar på ett yttrande."})";
    BOOST_TEST(server.as("bo", "POST", path, refusal, "application/json").status == 403);
    Reply refused = server.as("dora", "POST", path, refusal, "application/json");
    BOOST_TEST(refused.status == 200, refused.body);
    BOOST_TEST(server.as("dora", "POST", path, refusal, "application/json").status == 409);  // none open now
    std::string shown = server.as("dora", "GET", "/api/cases/" + ApiTestServer::urlPart(dnr)).body;
    BOOST_TEST(contains(shown, R"("actor":"dora","kind":"decision-request-refused")"), shown);
    BOOST_TEST(server.as("rita", "POST", "/api/cases/2026-999999/decision-request").status == 404);
}

BOOST_AUTO_TEST_SUITE_END()
