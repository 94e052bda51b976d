// Scanned paper becomes a case awaiting keying, with the scan stored as it came;
// a registrar keys the application in once, and only into a scanned case.
#include <Poco/Data/LOB.h>
#include <Poco/Data/Session.h>
#include <grantflow/CaseStore.h>
#include <grantflow/PaperRegistration.h>

#include <boost/test/unit_test.hpp>

#include "FormFixture.h"

using namespace grantflow;
using namespace Poco::Data::Keywords;

namespace {

struct Store {
    test::TempDir dir;
    CaseStore store{dir.file("cases.db")};
    PaperRegistration paper{store};

    CheckedApplication scan() {
        return test::paperIntake().check("scan.png",
                                         test::readFile(test::dataPath("pdf/scan.png")));
    }
    CheckedApplication keyed(const std::string& example) {
        CheckedApplication application = test::applicationIntake().check(
            example, test::readFile(test::dataPath("applications/" + example)));
        application.channel = channel::scannedPaper;
        return application;
    }
    std::string state(const std::string& dnr) {
        for (const CaseSummary& summary : store.listCases({}))
            if (summary.referenceNumber == dnr) return summary.state;
        return {};
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(PaperRegistration)

BOOST_FIXTURE_TEST_CASE(a_scan_becomes_a_case_awaiting_keying_with_its_original_untouched, Store) {
    CheckedApplication checked = scan();
    RegisteredCase registered = paper.registerScan(checked, Poco::Timestamp(), "registrator");
    BOOST_TEST(!registered.alreadyRegistered);
    BOOST_TEST(state(registered.referenceNumber) == caseState::awaitingKeying);
    Poco::Data::BLOB content;
    std::string type;
    store.session() << "SELECT content, media_type FROM documents WHERE role = 'original'",
        into(content), into(type), now;
    BOOST_TEST(std::string(reinterpret_cast<const char*>(content.rawContent()), content.size()) ==
               checked.original);
    BOOST_TEST(type == "image/png");
}

BOOST_FIXTURE_TEST_CASE(the_same_scan_twice_is_one_case, Store) {
    RegisteredCase first = paper.registerScan(scan(), Poco::Timestamp(), "registrator");
    RegisteredCase second = paper.registerScan(scan(), Poco::Timestamp(), "registrator");
    BOOST_TEST(second.alreadyRegistered);
    BOOST_TEST(second.referenceNumber == first.referenceNumber);
    BOOST_TEST(store.caseCount() == 1);
}

BOOST_FIXTURE_TEST_CASE(keying_in_adds_the_application_to_the_case, Store) {
    RegisteredCase registered = paper.registerScan(scan(), Poco::Timestamp(), "registrator");
    Problems problems =
        paper.keyIn(registered.referenceNumber, keyed("valid/02-forstudie-minimal.xml"),
                    Poco::Timestamp(), "registrator");
    BOOST_TEST(problems.empty());
    BOOST_TEST(state(registered.referenceNumber) == "registered");
    std::string document = *store.caseDocument(registered.referenceNumber);
    BOOST_TEST(document.find("Irakiska Kulturföreningen") != std::string::npos);
    BOOST_TEST(document.find("<channel>scanned-paper</channel>") != std::string::npos);
    BOOST_TEST(store.listCases({}).front().organisation == "Irakiska Kulturföreningen i Malmö");
}

BOOST_FIXTURE_TEST_CASE(keying_in_twice_is_refused, Store) {
    RegisteredCase registered = paper.registerScan(scan(), Poco::Timestamp(), "registrator");
    paper.keyIn(registered.referenceNumber, keyed("valid/02-forstudie-minimal.xml"),
                Poco::Timestamp(), "r");
    Problems again = paper.keyIn(registered.referenceNumber,
                                 keyed("valid/01-information-bosnia.xml"), Poco::Timestamp(), "r");
    BOOST_REQUIRE(again.size() == 1u);
    BOOST_TEST(again.front().code == "already-keyed-in");
}

BOOST_FIXTURE_TEST_CASE(only_a_scanned_case_is_keyed_in, Store) {
    CheckedApplication xml = keyed("valid/01-information-bosnia.xml");
    xml.channel = channel::xml;
    RegisteredCase registered =
        store.registerApplications({&xml}, Poco::Timestamp(), "intake").front();
    Problems problems =
        paper.keyIn(registered.referenceNumber, keyed("valid/02-forstudie-minimal.xml"),
                    Poco::Timestamp(), "r");
    BOOST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(problems.front().code == "not-scanned");
    BOOST_TEST(paper
                   .keyIn("GF 2026-999999", keyed("valid/02-forstudie-minimal.xml"),
                          Poco::Timestamp(), "r")
                   .front()
                   .code == "unknown-case");
}

BOOST_FIXTURE_TEST_CASE(a_keyed_in_application_with_problems_changes_nothing, Store) {
    RegisteredCase registered = paper.registerScan(scan(), Poco::Timestamp(), "registrator");
    Problems problems =
        paper.keyIn(registered.referenceNumber, keyed("invalid/bad-orgnumber-check-digit.xml"),
                    Poco::Timestamp(), "registrator");
    BOOST_TEST(!problems.empty());
    BOOST_TEST(state(registered.referenceNumber) == caseState::awaitingKeying);
    BOOST_TEST(store.caseDocument(registered.referenceNumber)->find("<application") ==
               std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(the_register_verb_keys_in_from_a_file, Store) {
    std::string db = dir.file("cases.db");
    RegisteredCase registered = paper.registerScan(scan(), Poco::Timestamp(), "registrator");
    test::CliResult result =
        test::runCli({"register", registered.referenceNumber, "--db", db, "--fields",
                      test::dataPath("applications/valid/02-forstudie-minimal.xml")});
    BOOST_TEST(result.exitCode == 0, result.err);
    test::CliResult again =
        test::runCli({"register", registered.referenceNumber, "--db", db, "--fields",
                      test::dataPath("applications/valid/02-forstudie-minimal.xml")});
    BOOST_TEST(again.exitCode == 1);
    BOOST_TEST(again.err.find("already keyed in") != std::string::npos);
    // No workflow deployed: the case waits, and the registrar is told what to do.
    BOOST_TEST(result.err.find("no review workflow is deployed") != std::string::npos, result.err);
}

// A keyed-in case was left outside every workflow: no acknowledgement went out and
// nothing showed in anyone's inbox until someone ran start by hand.
BOOST_FIXTURE_TEST_CASE(keying_in_starts_the_review, Store) {
    std::string db = dir.file("cases.db");
    BOOST_REQUIRE(test::runCli({"deploy", "--db", db, test::sourcePath("workflows/grant-review.bpmn")}).exitCode == 0);
    RegisteredCase registered = paper.registerScan(scan(), Poco::Timestamp(), "registrator");
    test::CliResult keyedIn =
        test::runCli({"register", registered.referenceNumber, "--db", db, "--fields",
                      test::dataPath("applications/valid/02-forstudie-minimal.xml")});
    BOOST_TEST(keyedIn.exitCode == 0, keyedIn.err);
    BOOST_TEST(keyedIn.out.find("started grant-review") != std::string::npos, keyedIn.out);
    BOOST_REQUIRE(test::runCli({"work", "--db", db}).exitCode == 0);  // the acknowledgement of receipt
    test::CliResult tasks = test::runCli({"tasks", "--db", db, "--case", registered.referenceNumber});
    BOOST_TEST(tasks.out.find("checkPaper") != std::string::npos, tasks.out);
}

BOOST_AUTO_TEST_SUITE_END()
