// Outcome forms: a schema with rules in its annotation, some over the outcome and
// some over the case with the outcome merged in (schemas/outcomes/*.xsd).
#include <boost/test/unit_test.hpp>

#include "workflow/OutcomeForm.h"

#include <grantflow/SafeXmlParser.h>

#include <Poco/Exception.h>

#include "TestSupport.h"

using namespace grantflow;
using grantflow::workflow::OutcomeForm;

namespace {

// A form "note" whose schema takes <note> with one <text>, and the given rules.
std::string writeForm(const test::TempDir& dir, const std::string& rules) {
    test::writeFile(dir.file("note.xsd"),
                    "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"urn:grantflow:case:1\" "
                    "targetNamespace=\"urn:grantflow:case:1\" elementFormDefault=\"qualified\">"
                    "<xs:element name=\"note\"><xs:annotation><xs:appinfo>" + rules +
                        "</xs:appinfo></xs:annotation><xs:complexType><xs:sequence>"
                        "<xs:element name=\"text\" type=\"xs:string\"/></xs:sequence></xs:complexType></xs:element>"
                        "</xs:schema>");
    return dir.file("");
}

XmlDocument parsed(const std::string& xml) { return SafeXmlParser().parse(xml).document; }

const std::string caseRule =
    "<rule xmlns=\"urn:grantflow:outcome-rules:1\" over=\"case\" test=\"not(case:note) or case:application\" "
    "where=\"/note\">a note goes with an application</rule>";

}  // namespace

BOOST_AUTO_TEST_SUITE(OutcomeFormSuite)

BOOST_AUTO_TEST_CASE(a_rule_over_the_case_is_tested_on_the_case_not_on_the_outcome) {
    test::TempDir dir;
    OutcomeForm form(writeForm(dir, caseRule), "note");
    const XmlDocument outcome = parsed("<note xmlns=\"urn:grantflow:case:1\"><text>x</text></note>");
    BOOST_TEST(form.check(outcome).empty());  // over the outcome alone it would fail
    const auto without = form.checkCase(parsed("<case xmlns=\"urn:grantflow:case:1\"><note><text>x</text></note></case>"));
    BOOST_REQUIRE(without.size() == 1u);
    BOOST_TEST(without[0].path == "/note");
    BOOST_TEST(without[0].message == "a note goes with an application");
    BOOST_TEST(form.checkCase(parsed("<case xmlns=\"urn:grantflow:case:1\"><application/><note><text>x</text></note>"
                                     "</case>"))
                   .empty());
}

namespace {

// Loading form "note" with this one rule fails, saying `why`.
void expectFormRefused(const std::string& rule, const std::string& why) {
    test::TempDir dir;
    const std::string directory = writeForm(dir, rule);
    BOOST_CHECK_EXCEPTION(OutcomeForm(directory, "note"), Poco::DataFormatException, [&](const Poco::Exception& e) {
        return e.displayText().find(why) != std::string::npos;
    });
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_rule_over_something_unknown_stops_the_form_from_loading) {
    expectFormRefused(
        "<rule xmlns=\"urn:grantflow:outcome-rules:1\" over=\"letter\" test=\"true()\" where=\"/note\">x</rule>",
        "over=\"letter\" is neither");
}

// A rule's test is a condition: a string in it would hold for every outcome.
BOOST_AUTO_TEST_CASE(a_rule_whose_test_gives_a_string_stops_the_form_from_loading) {
    expectFormRefused(
        "<rule xmlns=\"urn:grantflow:outcome-rules:1\" test=\"string(case:text)\" where=\"/note\">x</rule>",
        "gives a string");
}

BOOST_AUTO_TEST_SUITE_END()
