// Every example of ../shared/examples (copied to tests/data/applications) is
// accepted or refused exactly as its file name and first comment say.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <grantflow/ApplicationIntake.h>

#include <map>

#include "SharedIntake.h"

using namespace grantflow;
namespace bdata = boost::unit_test::data;

namespace {

CheckedApplication checkExample(const std::string& relative) { return test::checkedExample(relative); }

struct Expected {
    std::string code, path;
    int line;  // 0: any
};

// What each refused example must be refused for: the problem code, the element, the line.
const std::map<std::string, Expected> refusals = {
    {"bad-bankgiro-check-digit.xml", {"bankgiro-check-digit", "/application/applicant/organisation/bankgiro", 16}},
    {"bad-orgnumber-check-digit.xml", {"orgnumber-check-digit", "/application/applicant/organisation/orgNumber", 9}},
    {"budget-does-not-add-up.xml", {"budget-does-not-balance", "/application/budget/requested", 0}},
    {"country-not-iso-code.xml", {"unknown-country", "/application/project/targetGroup/country", 36}},
    {"entity-expansion-bomb.xml", {"doctype-refused", "", 3}},
    {"invalid-date.xml", {"invalid-date", "/application/project/period/start", 31}},
    {"latin1-bytes-declared-utf8.xml", {"encoding", "", 8}},
    {"mismatched-end-tag.xml", {"not-well-formed", "", 38}},
    {"missing-organisation-name.xml", {"schema", "/application/applicant/organisation/orgNumber", 8}},
    {"negative-amount.xml", {"not-kronor", "/application/budget/line", 41}},
    {"period-ends-before-start.xml", {"period-order", "/application/project/period", 0}},
    {"truncated.xml", {"not-well-formed", "", 0}},
    {"unknown-grant.xml", {"unknown-grant", "/application/grant", 4}},
    {"unknown-project-kind.xml", {"schema", "/application/project/kind", 29}},
    {"wrong-namespace.xml", {"wrong-namespace", "/application", 3}},
    {"xxe-external-entity.xml", {"doctype-refused", "", 3}},
};

const char* const validExamples[] = {"01-information-bosnia.xml", "02-forstudie-minimal.xml",
                                     "03-reintegration-large.xml", "04-kommun-english.xml"};

std::vector<std::string> refusedNames() {
    std::vector<std::string> names;
    for (const auto& [name, expected] : refusals) names.push_back(name);
    return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ExampleApplications)

BOOST_DATA_TEST_CASE(valid_examples_are_accepted, bdata::make(validExamples), name) {
    CheckedApplication checked = checkExample(std::string("valid/") + name);
    for (const auto& problem : checked.problems) BOOST_ERROR(formatProblem(name, problem));
    BOOST_TEST(checked.accepted());
    BOOST_TEST(!checked.applicationXml.empty());
    BOOST_TEST(checked.grant == "aterv-projektstod");
}

BOOST_DATA_TEST_CASE(invalid_examples_are_refused_for_their_reason, bdata::make(refusedNames()), name) {
    const Expected& expected = refusals.at(name);
    CheckedApplication checked = checkExample("invalid/" + name);
    BOOST_TEST(!checked.accepted());
    bool found = false;
    for (const auto& problem : checked.problems) {
        BOOST_TEST_MESSAGE(formatProblem(name, problem));
        BOOST_TEST(!problem.message.empty());
        if (problem.code == expected.code && problem.path == expected.path &&
            (expected.line == 0 || problem.line == expected.line))
            found = true;
    }
    BOOST_TEST(found, name << " should be refused with " << expected.code << " at " << expected.path);
}

BOOST_AUTO_TEST_CASE(every_invalid_example_on_disk_has_an_expected_reason) {
    std::vector<std::string> files;
    Poco::File(test::dataPath("applications/invalid")).list(files);
    for (const auto& file : files) BOOST_TEST(refusals.count(file) == 1, file << " has no expected reason");
}

BOOST_AUTO_TEST_CASE(the_wrong_namespace_message_names_the_expected_one) {
    CheckedApplication checked = checkExample("invalid/wrong-namespace.xml");
    BOOST_REQUIRE(!checked.problems.empty());
    BOOST_TEST(checked.problems.front().message.find("urn:grantflow:application:1") != std::string::npos);
    BOOST_TEST(checked.problems.front().message.find("urn:grantflow:application:2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(nothing_of_etc_passwd_reaches_any_message) {
    CheckedApplication checked = checkExample("invalid/xxe-external-entity.xml");
    std::string passwd = test::readFile("/etc/passwd");
    std::string firstLine = passwd.substr(0, passwd.find('\n'));
    for (const auto& problem : checked.problems) BOOST_TEST(problem.message.find(firstLine) == std::string::npos);
    BOOST_TEST(checked.applicationXml.empty());
}

BOOST_AUTO_TEST_SUITE_END()
