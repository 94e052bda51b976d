#include <boost/test/unit_test.hpp>

#include <grantflow/CaseStore.h>
#include <grantflow/SafeXmlParser.h>

#include <Poco/Data/LOB.h>
#include <Poco/Data/Session.h>
#include <Poco/DateTime.h>
#include <Poco/Exception.h>

#include "SharedIntake.h"

using namespace grantflow;
using namespace Poco::Data::Keywords;

namespace {

const ApplicationIntake& intake() { return test::sharedIntake(); }

CheckedApplication example(const std::string& relative) { return test::checkedExample(relative); }

// The same valid application with a different e-service reference: new bytes, a new case.
CheckedApplication variant(int index) {
    std::string bytes = test::readFile(test::dataPath("applications/valid/02-forstudie-minimal.xml"));
    bytes.replace(bytes.find("<submitted>"), 0, "<reference>T-" + std::to_string(index) + "</reference>");
    return intake().check("variant-" + std::to_string(index), bytes);
}

Poco::Timestamp at(int year, int month, int day) {
    return Poco::DateTime(year, month, day, 12, 0, 0).timestamp();
}

long long count(CaseStore& store, const std::string& sql) {
    Poco::Int64 value = 0;
    store.session() << sql, into(value), now;
    return value;
}

struct StoreFixture {
    test::TempDir dir;
    CaseStore store{dir.file("cases.db")};
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(CaseStoreSuite, StoreFixture)

BOOST_AUTO_TEST_CASE(numbers_follow_each_other_within_a_year) {
    auto a = variant(1), b = variant(2), c = variant(3);
    auto first = store.registerApplications({&a, &b}, at(2026, 11, 27), "test");
    auto second = store.registerApplications({&c}, at(2026, 11, 28), "test");
    BOOST_TEST(first[0].referenceNumber == "GF 2026-000001");
    BOOST_TEST(first[1].referenceNumber == "GF 2026-000002");
    BOOST_TEST(second[0].referenceNumber == "GF 2026-000003");
}

BOOST_AUTO_TEST_CASE(a_year_whose_numbers_are_used_up_refuses_the_batch_and_stores_nothing) {
    store.session() << "INSERT INTO reference_counters(year, last) VALUES(2026, 999998)", now;
    auto a = variant(1), b = variant(2), c = variant(3);
    auto last = store.registerApplications({&a}, at(2026, 11, 27), "test");
    BOOST_TEST(last[0].referenceNumber == "GF 2026-999999");
    BOOST_CHECK_EXCEPTION(store.registerApplications({&b, &c}, at(2026, 11, 27), "test"), Poco::RangeException,
                          [](const Poco::RangeException& e) {
                              return e.message().find("2026 are used up") != std::string::npos;
                          });
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM cases") == 1);
    BOOST_TEST(count(store, "SELECT last FROM reference_counters WHERE year = 2026") == 999999);
    // The next year has numbers again.
    BOOST_TEST(store.registerApplications({&b}, at(2027, 1, 2), "test")[0].referenceNumber == "GF 2027-000001");
}

BOOST_AUTO_TEST_CASE(a_new_year_starts_a_new_sequence) {
    auto a = variant(1), b = variant(2);
    store.registerApplications({&a}, at(2026, 12, 30), "test");
    auto next = store.registerApplications({&b}, at(2027, 1, 2), "test");
    BOOST_TEST(next[0].referenceNumber == "GF 2027-000001");
}

BOOST_AUTO_TEST_CASE(the_year_of_a_number_is_the_swedish_year) {
    auto late = variant(1);
    // 23:30 UTC on New Year's Eve is already New Year's Day in Sweden.
    auto numbered = store.registerApplications({&late}, Poco::DateTime(2026, 12, 31, 23, 30, 0).timestamp(), "test");
    BOOST_TEST(numbered[0].referenceNumber == "GF 2027-000001");
}

BOOST_AUTO_TEST_CASE(same_document_twice_gives_same_case) {
    auto a = example("valid/01-information-bosnia.xml");
    auto again = example("valid/01-information-bosnia.xml");
    auto first = store.registerApplications({&a}, at(2026, 11, 27), "test");
    auto second = store.registerApplications({&again, &a}, at(2026, 11, 27), "test");
    BOOST_TEST(second[0].referenceNumber == first[0].referenceNumber);
    BOOST_TEST(second[0].alreadyRegistered);
    BOOST_TEST(second[1].alreadyRegistered);
    BOOST_TEST(store.caseCount() == 1);
    auto third = variant(9);
    BOOST_TEST(store.registerApplications({&third}, at(2026, 11, 27), "test")[0].referenceNumber ==
               "GF 2026-000002");
}

BOOST_AUTO_TEST_CASE(a_refused_document_in_a_batch_stores_nothing_and_uses_no_number) {
    auto good = variant(1);
    auto bad = example("invalid/budget-does-not-add-up.xml");
    BOOST_REQUIRE(!bad.accepted());
    BOOST_CHECK_THROW(store.registerApplications({&good, &bad}, at(2026, 11, 27), "test"), Poco::Exception);
    BOOST_TEST(store.caseCount() == 0);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM documents") == 0);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM events") == 0);
    BOOST_TEST(store.registerApplications({&good}, at(2026, 11, 27), "test")[0].referenceNumber ==
               "GF 2026-000001");
}

BOOST_AUTO_TEST_CASE(the_case_document_holds_the_application_and_its_registration) {
    auto a = example("valid/01-information-bosnia.xml");
    std::string number = store.registerApplications({&a}, at(2026, 11, 27), "registrator")[0].referenceNumber;
    auto document = store.caseDocument(number);
    BOOST_REQUIRE(document);
    BOOST_TEST(document->find("dnr=\"" + number + "\"") != std::string::npos);
    BOOST_TEST(document->find("Đorđe Šćekić") != std::string::npos);
    BOOST_TEST(document->find("<channel>xml</channel>") != std::string::npos);
    BOOST_TEST(document->find(a.sha256) != std::string::npos);
    BOOST_TEST(!store.caseDocument("GF 2026-000999"));
}

// A source name with a NUL, a control character or bytes that are not UTF-8 (a file
// name, an e-service's ?name=) made a case document that could not be read back.
BOOST_AUTO_TEST_CASE(a_source_name_xml_cannot_hold_is_stored_readable) {
    std::string bytes = test::readFile(test::dataPath("applications/valid/02-forstudie-minimal.xml"));
    auto a = intake().check(std::string("scan\0\x01\xFF\xFE\xEF\xBF\xBE-\xC3\xA5.xml", 18), bytes);
    BOOST_REQUIRE(a.accepted());
    std::string number = store.registerApplications({&a}, at(2026, 11, 27), "registrator")[0].referenceNumber;
    auto document = store.caseDocument(number);
    BOOST_REQUIRE(document);
    const std::string replaced = "\xEF\xBF\xBD";
    BOOST_TEST(document->find("<source>scan" + replaced + replaced + replaced + replaced + replaced + replaced +
                              replaced + "-\xC3\xA5.xml</source>") != std::string::npos,
               *document);
    SafeXmlParser parser;
    BOOST_TEST(parser.parse(*document).problems.empty());  // well-formed XML again
}

BOOST_AUTO_TEST_CASE(the_original_bytes_are_kept_exactly) {
    auto a = example("valid/03-reintegration-large.xml");
    store.registerApplications({&a}, at(2026, 11, 27), "test");
    Poco::Data::BLOB content;
    std::string sha;
    store.session() << "SELECT content, sha256 FROM documents WHERE role = 'original'", into(content), into(sha), now;
    BOOST_TEST(std::string(content.rawContent(), content.rawContent() + content.size()) == a.original);
    BOOST_TEST(sha == a.sha256);
}

BOOST_AUTO_TEST_CASE(the_event_log_is_append_only) {
    auto a = variant(1);
    std::string number = store.registerApplications({&a}, at(2026, 11, 27), "anna")[0].referenceNumber;
    auto events = store.events(number);
    BOOST_REQUIRE(events.size() == 1u);
    BOOST_TEST(events[0].actor == "anna");
    BOOST_TEST(events[0].kind == "registered");
    BOOST_CHECK_THROW((store.session() << "UPDATE events SET actor = 'mallory'", now), Poco::Exception);
    BOOST_CHECK_THROW((store.session() << "DELETE FROM events", now), Poco::Exception);
    BOOST_TEST(store.events(number)[0].actor == "anna");
}

BOOST_AUTO_TEST_CASE(cases_can_be_listed_and_filtered) {
    auto a = example("valid/01-information-bosnia.xml"), b = example("valid/04-kommun-english.xml");
    store.registerApplications({&a, &b}, at(2026, 11, 27), "test");
    BOOST_TEST(store.listCases({}).size() == 2u);
    CaseFilter filter;
    filter.text = "Borlänge";
    auto found = store.listCases(filter);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].lang == "en");
    // A plain substring in any case, letters beyond ASCII included; '%' and '_' are
    // only themselves (as LIKE patterns they matched every case).
    for (const char* text : {"BORLÄNGE", "borlänge", "ÄNGE"}) {
        filter.text = text;
        BOOST_TEST(store.listCases(filter).size() == 1u, text);
    }
    for (const char* text : {"%", "_", "Borl_nge"}) {
        filter.text = text;
        BOOST_TEST(store.listCases(filter).empty(), text);
    }
    filter = {};
    filter.state = "decided";
    BOOST_TEST(store.listCases(filter).empty());
    filter = {};
    filter.year = 2025;
    BOOST_TEST(store.listCases(filter).empty());
}

BOOST_AUTO_TEST_CASE(the_store_survives_reopening) {
    auto a = variant(1);
    store.registerApplications({&a}, at(2026, 11, 27), "test");
    CaseStore reopened(dir.file("cases.db"));
    BOOST_TEST(reopened.caseCount() == 1);
    auto b = variant(2);
    BOOST_TEST(reopened.registerApplications({&b}, at(2026, 11, 27), "test")[0].referenceNumber ==
               "GF 2026-000002");
}

BOOST_AUTO_TEST_SUITE_END()
