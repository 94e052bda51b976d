// Case documents parsed ahead on another thread (DocumentPrefetch) reach a step only
// when they are the very version the step reads: never another version, never
// another case's, never a text that does not parse. Whether a given document is
// ready in time depends on the threads, so these tests assert what holds either way.
#include <boost/test/unit_test.hpp>

#include "workflow/DocumentPrefetch.h"

#include <string>

using namespace grantflow;
using namespace grantflow::workflow;

namespace {

std::string caseText(long long caseId, long long version) {
    return "<case xmlns=\"urn:grantflow:case:1\" id=\"" + std::to_string(caseId) + "\" version=\"" +
           std::to_string(version) + "\"><note>" + std::string(2000, 'x') + "</note></case>";
}

std::string idOf(const XmlDocument& document) {
    xmlChar* id = xmlGetProp(document.root(), reinterpret_cast<const xmlChar*>("id"));
    std::string text = id ? reinterpret_cast<const char*>(id) : "";
    xmlFree(id);
    return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(DocumentPrefetch_)

BOOST_AUTO_TEST_CASE(a_step_that_reads_another_version_gets_nothing_and_the_request_is_forgotten) {
    DocumentPrefetch prefetch;
    prefetch.request(7, 3, caseText(7, 3));
    BOOST_TEST(prefetch.holds(7));
    BOOST_TEST(!prefetch.take(7, 4).has_value());  // the store moved on since the text was read
    BOOST_TEST(!prefetch.holds(7));
    BOOST_TEST(!prefetch.take(7, 3).has_value());
}

BOOST_AUTO_TEST_CASE(every_document_handed_out_is_its_own_case_parsed_from_the_text_requested) {
    DocumentPrefetch prefetch(500);
    for (long long caseId = 1; caseId <= 200; ++caseId) prefetch.request(caseId, caseId % 5 + 1, caseText(caseId, caseId % 5 + 1));
    for (long long caseId = 1; caseId <= 200; ++caseId) {
        auto parsed = prefetch.take(caseId, caseId % 5 + 1);
        if (!parsed) continue;  // not started in time: the step parses it itself
        BOOST_TEST(idOf(parsed->document) == std::to_string(caseId));
        BOOST_TEST(parsed->xml == caseText(caseId, caseId % 5 + 1));
    }
    for (long long caseId = 1; caseId <= 200; ++caseId) BOOST_TEST(!prefetch.holds(caseId));
}

BOOST_AUTO_TEST_CASE(a_text_that_does_not_parse_is_handed_out_as_nothing) {
    DocumentPrefetch prefetch;
    prefetch.request(1, 1, "<case><unclosed></case>");
    BOOST_TEST(!prefetch.take(1, 1).has_value());
}

BOOST_AUTO_TEST_CASE(requests_beyond_the_bound_are_ignored_and_clear_forgets_all) {
    DocumentPrefetch prefetch(2);
    prefetch.request(1, 1, caseText(1, 1));
    BOOST_TEST(!prefetch.full());
    prefetch.request(2, 1, caseText(2, 1));
    BOOST_TEST(prefetch.full());
    prefetch.request(3, 1, caseText(3, 1));
    BOOST_TEST(prefetch.holds(1));
    BOOST_TEST(prefetch.holds(2));
    BOOST_TEST(!prefetch.holds(3));
    prefetch.clear();
    BOOST_TEST(!prefetch.full());
    BOOST_TEST(!prefetch.holds(1));
    BOOST_TEST(!prefetch.take(2, 1).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
