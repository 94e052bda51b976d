// The rules beyond the schema, each on its own, and all of a document's problems at once.
#include <boost/test/unit_test.hpp>

#include <grantflow/ApplicationIntake.h>

#include "SharedIntake.h"

using namespace grantflow;

namespace {

const ApplicationIntake& intake() { return test::sharedIntake(); }

std::string minimal() { return test::readFile(test::dataPath("applications/valid/02-forstudie-minimal.xml")); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, "the fixture holds " << from);
    return text.replace(at, from.size(), to);
}

std::vector<std::string> codes(const CheckedApplication& checked) {
    std::vector<std::string> found;
    for (const auto& problem : checked.problems) found.push_back(problem.code);
    return found;
}

bool has(const CheckedApplication& checked, const std::string& code) {
    auto found = codes(checked);
    return std::find(found.begin(), found.end(), code) != found.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ApplicationRules)

BOOST_AUTO_TEST_CASE(every_problem_is_reported_at_once) {
    std::string bytes = replaced(minimal(), "802012-3454", "802012-3455");
    bytes = replaced(bytes, "9001-2345", "9001-2346");
    bytes = replaced(bytes, "<requested>85000", "<requested>86000");
    bytes = replaced(bytes, "<country>IQ", "<country>QQ");
    CheckedApplication checked = intake().check("many.xml", bytes);
    BOOST_TEST(checked.problems.size() == 4u);
    BOOST_TEST(has(checked, "orgnumber-check-digit"));
    BOOST_TEST(has(checked, "bankgiro-check-digit"));
    BOOST_TEST(has(checked, "budget-does-not-balance"));
    BOOST_TEST(has(checked, "unknown-country"));
}

BOOST_AUTO_TEST_CASE(co_financing_counts_in_the_balance) {
    std::string bytes = replaced(minimal(), "<requested>85000", "<coFinancing><source>Malmö stad</source>"
                                                                "<amount>5000</amount></coFinancing><requested>80000");
    BOOST_TEST(intake().check("cofinanced.xml", bytes).accepted());
}

BOOST_AUTO_TEST_CASE(a_period_of_no_length_is_refused) {
    std::string bytes = replaced(minimal(), "<end>2027-06-30", "<end>2027-01-15");
    BOOST_TEST(has(intake().check("same-day.xml", bytes), "period-order"));
}

BOOST_AUTO_TEST_CASE(february_29th_exists_only_in_leap_years) {
    BOOST_TEST(intake().check("leap.xml", replaced(minimal(), "<end>2027-06-30", "<end>2028-02-29")).accepted());
    BOOST_TEST(has(intake().check("no-leap.xml", replaced(minimal(), "<end>2027-06-30", "<end>2027-02-29")),
                   "invalid-date"));
}

BOOST_AUTO_TEST_CASE(a_personal_identity_number_is_not_an_organisation) {
    BOOST_TEST(has(intake().check("person.xml", replaced(minimal(), "802012-3454", "811218-9876")),
                   "orgnumber-not-legal-entity"));
}

BOOST_AUTO_TEST_CASE(activities_must_lie_within_the_period) {
    std::string bytes = replaced(minimal(), "</summary>",
                                 "</summary><activities><activity><description>Resa</description>"
                                 "<start>2026-12-01</start><end>2027-02-01</end></activity></activities>");
    BOOST_TEST(has(intake().check("early.xml", bytes), "activity-outside-period"));
}

BOOST_AUTO_TEST_CASE(accepted_applications_keep_their_summary) {
    CheckedApplication checked =
        intake().check("01.xml", test::readFile(test::dataPath("applications/valid/01-information-bosnia.xml")));
    BOOST_REQUIRE(checked.accepted());
    BOOST_TEST(checked.organisation == "Föreningen Bosnisk-Svenska Broar");
    BOOST_TEST(checked.requested == 450000);
    BOOST_TEST(checked.lang == "sv");
    BOOST_TEST(checked.sha256.size() == 64u);
}

BOOST_AUTO_TEST_SUITE_END()
