#include "CaseView.h"

#include <Poco/Exception.h>
#include <libxml/parser.h>
#include <libxml/xpathInternals.h>

namespace grantflow::letters {

namespace {
const xmlChar* xml(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
}  // namespace

struct CaseView::Result {
    struct Free {
        void operator()(xmlXPathObjectPtr object) const { xmlXPathFreeObject(object); }
    };
    std::unique_ptr<xmlXPathObject, Free> object;
};

std::string collapseWhiteSpace(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
        } else {
            if (space) out.push_back(' ');
            space = false;
            out.push_back(c);
        }
    }
    return out;
}

std::string textOf(xmlNodePtr node) {
    xmlChar* content = node ? xmlNodeGetContent(node) : nullptr;
    std::string text = content ? reinterpret_cast<const char*>(content) : "";
    xmlFree(content);
    return text;
}

CaseView::CaseView(const std::string& caseXml) {
    _doc.reset(xmlReadMemory(caseXml.data(), static_cast<int>(caseXml.size()), "case.xml", "UTF-8",
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!_doc || !xmlDocGetRootElement(_doc.get()))
        throw Poco::DataFormatException("the case document is not well-formed XML");
    xmlNodePtr root = xmlDocGetRootElement(_doc.get());
    if (!root->ns || xmlStrcmp(root->ns->href, xml("urn:grantflow:case:1")) != 0 ||
        xmlStrcmp(root->name, xml("case")) != 0)
        throw Poco::DataFormatException(
            "not a case document: the root must be <case xmlns=\"urn:grantflow:case:1\">");
    _context.reset(xmlXPathNewContext(_doc.get()));
    if (!_context) throw Poco::OutOfMemoryException("XPath context");
    xmlXPathRegisterNs(_context.get(), xml("c"), xml("urn:grantflow:case:1"));
    xmlXPathRegisterNs(_context.get(), xml("a"), xml("urn:grantflow:application:1"));
}

CaseView::~CaseView() = default;

xmlNodePtr CaseView::root() const { return xmlDocGetRootElement(_doc.get()); }

void CaseView::setVariable(const std::string& name, const std::string& value) {
    xmlXPathRegisterVariable(_context.get(), xml(name.c_str()),
                             xmlXPathNewString(xml(value.c_str())));
}

void CaseView::setVariable(const std::string& name, bool value) {
    xmlXPathRegisterVariable(_context.get(), xml(name.c_str()), xmlXPathNewBoolean(value ? 1 : 0));
}

CaseView::Result CaseView::evaluate(const XPathExpression& expression, xmlNodePtr context) const {
    _context->node = context ? context : root();
    Result result;
    result.object.reset(xmlXPathCompiledEval(expression.get(), _context.get()));
    if (!result.object)
        throw Poco::SyntaxException("the XPath expression could not be evaluated",
                                    expression.text());
    return result;
}

std::string CaseView::text(const XPathExpression& expression, xmlNodePtr context) const {
    Result result = evaluate(expression, context);
    xmlChar* value = xmlXPathCastToString(result.object.get());
    std::string text = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return collapseWhiteSpace(text);
}

bool CaseView::test(const XPathExpression& expression, xmlNodePtr context) const {
    Result result = evaluate(expression, context);
    return xmlXPathCastToBoolean(result.object.get()) != 0;
}

std::vector<xmlNodePtr> CaseView::nodes(const XPathExpression& expression,
                                        xmlNodePtr context) const {
    Result result = evaluate(expression, context);
    std::vector<xmlNodePtr> nodes;
    if (result.object->type != XPATH_NODESET)
        throw Poco::SyntaxException("the XPath expression selects no nodes", expression.text());
    if (xmlNodeSetPtr set = result.object->nodesetval)
        for (int i = 0; i < set->nodeNr; ++i) nodes.push_back(set->nodeTab[i]);
    return nodes;
}

std::string CaseView::language() const {
    static const XPathExpression lang("string(a:application/@lang)");
    std::string value = text(lang);
    return value.empty() ? "sv" : value;
}

}  // namespace grantflow::letters
