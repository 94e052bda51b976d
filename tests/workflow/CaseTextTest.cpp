// A step that changed some children of <case> writes only those anew (CaseText);
// what it stores must be byte for byte the whole document written out, whatever
// the merge did: replace an outcome, add one before <letters>, add one at the end,
// or a service adding, changing or removing a child.
#include <boost/test/unit_test.hpp>

#include "workflow/CaseText.h"
#include "workflow/OutcomeMerger.h"

#include <grantflow/SafeXmlParser.h>

#include <libxml/tree.h>

using namespace grantflow;
using namespace grantflow::workflow;

namespace {

const char* const caseXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case xmlns=\"urn:grantflow:case:1\" dnr=\"2026-00042\">\n"
    "  <application xmlns:a=\"urn:example:a\" a:kind=\"pre-study\">\n"
    "    <title>Återvända &amp; bo &lt;kvar&gt;</title>\n"
    "  </application>\n"
    "  <review step=\"completeness\"><outcome>incomplete</outcome></review>\n"
    "  <!-- registered by the e-service -->\n"
    "  <letters>\n"
    "    <letterRequest kind=\"acknowledgement\"/>\n"
    "  </letters>\n"
    "</case>\n";

XmlDocument parse(const std::string& xml) {
    ParseResult parsed = SafeXmlParser().parse(xml);
    BOOST_REQUIRE(!parsed.document.empty());
    return std::move(parsed.document);
}

xmlNodePtr merge(XmlDocument& caseDocument, const std::string& outcome) {
    return mergeIntoCase(caseDocument, parse(outcome), {"anna", "", "2026-11-27T10:00:00Z", "completeness"});
}

xmlNodePtr child(XmlDocument& document, const char* name) {
    for (xmlNodePtr c = document.root()->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, reinterpret_cast<const xmlChar*>(name))) return c;
    return nullptr;
}

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

}  // namespace

BOOST_AUTO_TEST_SUITE(CaseTextSplicing)

BOOST_AUTO_TEST_CASE(a_replaced_outcome_is_spliced_in_as_a_whole_write_would_write_it) {
    XmlDocument document = parse(caseXml);
    CaseText before = CaseText::write(document);
    BOOST_TEST(before.text() == document.toString());
    xmlNodePtr merged = merge(document, "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\">"
                                        "<outcome>complete</outcome></review>");
    CaseText after = before.rewrite(document, {merged});
    BOOST_TEST(after.text() == document.toString());
    BOOST_TEST(after.text().find("<outcome>complete</outcome>") != std::string::npos);
    BOOST_TEST(after.text().find("incomplete") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(successive_merges_keep_the_text_right_step_after_step) {
    XmlDocument document = parse(caseXml);
    CaseText text = CaseText::write(document);
    // A new step goes before <letters>, then a service adds to <letters>, then a
    // foreign namespace arrives that the merge has to declare.
    xmlNodePtr merged = merge(document, "<review xmlns=\"urn:grantflow:case:1\" step=\"eligibility\">"
                                        "<outcome>eligible</outcome></review>");
    text = text.rewrite(document, {merged});
    BOOST_TEST(text.text() == document.toString());
    xmlNodePtr letters = child(document, "letters");
    xmlNewTextChild(letters, letters->ns, x("letterRequest"), x("decision \"bifall\" & <more>"));
    text = text.rewrite(document, {letters});
    BOOST_TEST(text.text() == document.toString());
    merged = merge(document, "<p:note xmlns:p=\"urn:example:p\" p:level=\"2\">tab\tand\nnewline</p:note>");
    text = text.rewrite(document, {merged});
    BOOST_TEST(text.text() == document.toString());
    BOOST_TEST(text.text().find("decision \"bifall\" &amp; &lt;more&gt;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(children_added_at_the_end_changed_in_place_or_removed_are_written_right) {
    XmlDocument document = parse(caseXml);
    CaseText text = CaseText::write(document);
    xmlNodePtr closed = xmlNewChild(document.root(), document.root()->ns, x("closed"), nullptr);
    xmlSetProp(closed, x("at"), x("2026-11-27"));
    text = text.rewrite(document, {closed});
    BOOST_TEST(text.text() == document.toString());
    // Changed in place: the old bytes of the child must not be copied.
    xmlNodePtr review = child(document, "review");
    xmlSetProp(review, x("step"), x("registration"));
    text = text.rewrite(document, {review});
    BOOST_TEST(text.text() == document.toString());
    BOOST_TEST(text.text().find("step=\"registration\"") != std::string::npos);
    // Removed: nothing to name.
    xmlNodePtr application = child(document, "application");
    xmlUnlinkNode(application);
    xmlFreeNode(application);
    text = text.rewrite(document, {});
    BOOST_TEST(text.text() == document.toString());
    BOOST_TEST(text.text().find("<application") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(without_a_known_layout_the_whole_document_is_written) {
    // An empty root element has no content to splice into; a text never written has no layout.
    XmlDocument empty = parse("<case xmlns=\"urn:grantflow:case:1\"/>");
    CaseText text = CaseText::write(empty);
    xmlNodePtr merged = merge(empty, "<review xmlns=\"urn:grantflow:case:1\" step=\"x\"><outcome>y</outcome></review>");
    BOOST_TEST(text.rewrite(empty, {merged}).text() == empty.toString());
    XmlDocument document = parse(caseXml);
    merged = merge(document, "<decision xmlns=\"urn:grantflow:case:1\"><outcome>bifall</outcome></decision>");
    BOOST_TEST(CaseText().rewrite(document, {merged}).text() == document.toString());
    // A text written for another document is not spliced into this one.
    BOOST_TEST(CaseText::write(parse(caseXml)).rewrite(document, {merged}).text() == document.toString());
}

BOOST_AUTO_TEST_SUITE_END()
