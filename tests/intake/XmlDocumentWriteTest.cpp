// XmlDocument::toString writes case documents itself (see document/XmlWriter.h); it
// must give exactly the bytes libxml2's own serialiser gives, for every XML file of
// the project and for documents built to hold what is awkward to write.
#include <boost/test/unit_test.hpp>

#include <grantflow/SafeXmlParser.h>
#include <grantflow/XmlDocument.h>

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <libxml/parser.h>

#include "TestSupport.h"

using namespace grantflow;

namespace {

std::string libxmlBytes(const XmlDocument& document) {
    xmlChar* bytes = nullptr;
    int size = 0;
    xmlDocDumpMemoryEnc(document.get(), &bytes, &size, "UTF-8");
    std::string text(reinterpret_cast<const char*>(bytes), size > 0 ? size : 0);
    xmlFree(bytes);
    return text;
}

XmlDocument parsed(const std::string& xml) {
    return XmlDocument(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

void findXml(const Poco::File& folder, std::vector<std::string>& found) {
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
        if (it->isDirectory()) {
            findXml(*it, found);
        } else if (Poco::Path(it->path()).getExtension() == "xml" || Poco::Path(it->path()).getExtension() == "bpmn") {
            found.push_back(it->path());
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(XmlDocumentWrite)

BOOST_AUTO_TEST_CASE(every_xml_file_of_the_project_is_written_as_libxml2_writes_it) {
    std::vector<std::string> files;
    for (const char* folder : {"forms", "tests/data", "workflows"}) findXml(Poco::File(test::sourcePath(folder)), files);
    BOOST_REQUIRE(files.size() >= 20u);
    std::size_t compared = 0;
    for (const auto& file : files) {
        XmlDocument document = parsed(test::readFile(file));
        if (document.empty()) continue;  // the malformed examples
        ++compared;
        BOOST_TEST(document.toString() == libxmlBytes(document), file);
        ParseResult safe = SafeXmlParser().parse(test::readFile(file));
        if (!safe.document.empty()) BOOST_TEST(safe.document.toString() == libxmlBytes(safe.document), file);
    }
    BOOST_TEST(compared >= 20u);
}

BOOST_AUTO_TEST_CASE(awkward_text_and_attributes_are_escaped_as_libxml2_escapes_them) {
    const std::string body =
        "<c:case xmlns:c=\"urn:c\" xmlns=\"urn:d\" a=\"&lt;&gt;&amp;&quot;'&#10;&#13;&#9; å đ 😀\">"
        "<!-- a comment --><?pi some data?><?bare?>"
        "<x/><y></y><z c:attr=\"1\">&lt;&gt;&amp;\"' &#13; å ć š 😀</z>"
        "<![CDATA[ <raw> & ]]><n xmlns:p=\"urn:p\"><p:m p:k=\"v\">t</p:m></n></c:case>";
    for (const std::string& xml : {body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body,
                                   "<!-- before -->\n<?before x?>\n" + body + "\n<!-- after -->"}) {
        XmlDocument document = parsed(xml);
        BOOST_REQUIRE(!document.empty());
        BOOST_TEST(document.toString() == libxmlBytes(document), xml);
    }
}

BOOST_AUTO_TEST_CASE(a_document_built_in_memory_is_written_as_libxml2_writes_it) {
    XmlDocument document = parsed("<case xmlns=\"urn:grantflow:case:1\"><letters/></case>");
    xmlNodePtr letters = document.root()->children;
    xmlNodePtr letter = xmlNewChild(letters, letters->ns, BAD_CAST "letter", nullptr);
    xmlNewProp(letter, BAD_CAST "name", BAD_CAST "Beslut för Föreningen \"Åter\" & Co <1>");
    xmlNewTextChild(letter, letters->ns, BAD_CAST "note", BAD_CAST "a < b & c > d\r\n");
    xmlAddChild(letter, xmlNewCDataBlock(document.get(), BAD_CAST "x ]] y", 6));
    BOOST_TEST(document.toString() == libxmlBytes(document));
}

BOOST_AUTO_TEST_SUITE_END()
