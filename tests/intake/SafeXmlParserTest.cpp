#include <boost/test/unit_test.hpp>

#include <grantflow/SafeXmlParser.h>

#include <sys/resource.h>

#include "TestSupport.h"

using namespace grantflow;

namespace {

bool hasCode(const Problems& problems, const std::string& code) {
    for (const auto& problem : problems)
        if (problem.code == code) return true;
    return false;
}

long peakKilobytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(SafeXmlParser)

BOOST_AUTO_TEST_CASE(a_well_formed_document_parses) {
    ParseResult result = grantflow::SafeXmlParser().parse("<a xmlns='urn:x'><b>å</b></a>");
    BOOST_TEST(result.problems.empty());
    BOOST_REQUIRE(!result.document.empty());
    BOOST_TEST(textOf(result.document.root()) == "å");
}

BOOST_AUTO_TEST_CASE(an_external_entity_is_never_read) {
    std::string bytes = test::readFile(test::dataPath("applications/invalid/xxe-external-entity.xml"));
    ParseResult result = grantflow::SafeXmlParser().parse(bytes);
    BOOST_TEST(result.document.empty());
    BOOST_TEST(hasCode(result.problems, "doctype-refused"));
    for (const auto& problem : result.problems) BOOST_TEST(problem.message.find("root:") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_entity_bomb_is_refused_without_using_memory) {
    std::string bytes = test::readFile(test::dataPath("applications/invalid/entity-expansion-bomb.xml"));
    long before = peakKilobytes();
    ParseResult result = grantflow::SafeXmlParser().parse(bytes);
    BOOST_TEST(result.document.empty());
    BOOST_TEST(hasCode(result.problems, "doctype-refused"));
    BOOST_TEST(result.problems.front().line == 3);
    BOOST_TEST(peakKilobytes() - before < 10 * 1024, "the peak grew by " << peakKilobytes() - before << " KB");
}

BOOST_AUTO_TEST_CASE(a_parameter_entity_pointing_outside_is_refused) {
    ParseResult result = grantflow::SafeXmlParser().parse(
        "<?xml version='1.0'?>\n<!DOCTYPE a [<!ENTITY % x SYSTEM 'http://127.0.0.1:1/evil.dtd'> %x;]>\n<a/>");
    BOOST_TEST(result.document.empty());
    BOOST_TEST(hasCode(result.problems, "doctype-refused"));
}

BOOST_AUTO_TEST_CASE(documents_over_the_size_limit_are_refused_before_parsing) {
    ParseLimits limits;
    limits.maxBytes = 100;
    ParseResult result = grantflow::SafeXmlParser(limits).parse("<a>" + std::string(200, 'x') + "</a>");
    BOOST_TEST(result.document.empty());
    BOOST_TEST(hasCode(result.problems, "too-large"));
}

BOOST_AUTO_TEST_CASE(errors_give_line_and_column) {
    ParseResult result = grantflow::SafeXmlParser().parse("<a>\n  <b></c>\n</a>");
    BOOST_TEST(result.document.empty());
    BOOST_REQUIRE(!result.problems.empty());
    BOOST_TEST(result.problems.front().code == "not-well-formed");
    BOOST_TEST(result.problems.front().line == 2);
    BOOST_TEST(result.problems.front().column > 0);
}

BOOST_AUTO_TEST_CASE(latin1_bytes_declared_as_utf8_are_an_encoding_error) {
    ParseResult result = grantflow::SafeXmlParser().parse("<?xml version='1.0' encoding='UTF-8'?><a>Malm\xf6</a>");
    BOOST_TEST(result.document.empty());
    BOOST_TEST(hasCode(result.problems, "encoding"));
}

BOOST_AUTO_TEST_CASE(empty_input_is_refused) {
    BOOST_TEST(hasCode(grantflow::SafeXmlParser().parse("").problems, "empty"));
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_not_a_crash) {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "<a>";
    ParseResult result = grantflow::SafeXmlParser().parse(deep);
    BOOST_TEST(result.document.empty());
    BOOST_REQUIRE(!result.problems.empty());
    // libxml2's own words advise XML_PARSE_HUGE, which the sender cannot set.
    BOOST_TEST(result.problems[0].message == "elements are nested deeper than 256 levels, which no document here needs");
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_xml_are_called_so) {
    ParseResult junk = grantflow::SafeXmlParser().parse(std::string("\x89PNG\r\n\x1a\n\0\0", 10));
    BOOST_TEST(hasCode(junk.problems, "not-xml"));  // libxml2 says "Document is empty"
    BOOST_TEST(grantflow::SafeXmlParser().parse("\xEF\xBB\xBF \n<a xmlns='urn:x'/>").problems.empty());
}

namespace {

std::string tagWithAttributes(int count) {
    std::string tag = "<a xmlns='urn:x'";
    for (int i = 1; i < count; ++i) tag += " n" + std::to_string(i) + "='v'";
    return tag + "/>";
}

}  // namespace

// libxml2 compares an element's attributes pair by pair: 100,000 attributes in one
// tag took 19 s of a server thread. They are counted before parsing instead.
BOOST_AUTO_TEST_CASE(an_element_with_too_many_attributes_is_refused_before_parsing) {
    BOOST_TEST(grantflow::SafeXmlParser().parse(tagWithAttributes(100)).problems.empty());
    ParseResult crowded = grantflow::SafeXmlParser().parse("<?xml version='1.0'?>\n<!-- a=1 -->\n" + tagWithAttributes(101));
    BOOST_TEST(crowded.document.empty());
    BOOST_REQUIRE(hasCode(crowded.problems, "too-many-attributes"));
    BOOST_TEST(crowded.problems[0].line == 3);
    ParseResult huge = grantflow::SafeXmlParser().parse(tagWithAttributes(200000));
    BOOST_TEST(hasCode(huge.problems, "too-many-attributes"));
    // '=' in quoted values, comments, CDATA and text is not an attribute.
    std::string text = "<a xmlns='urn:x' b='x=y&gt;z'><!--" + std::string(300, '=') + "--><![CDATA[" +
                       std::string(300, '=') + "]]>" + std::string(300, '=') + "</a>";
    BOOST_TEST(grantflow::SafeXmlParser().parse(text).problems.empty());
}

BOOST_AUTO_TEST_SUITE_END()
