// A case document opened for reading by XPath, with the prefixes and variables
// letter templates use:
//   c: urn:grantflow:case:1         (the case, the context node is <c:case>)
//   a: urn:grantflow:application:1  (the applicant's document inside it)
//   $appealable, $grantName, $dnr   (settings of the grant, the reference number)
// Owns its libxml2 document and XPath context; one instance per rendering, so
// rendering can run on many threads at once.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <memory>
#include <string>
#include <vector>

#include "XPathExpression.h"

namespace grantflow::letters {

class CaseView {
public:
    // Parses the case XML (no network, no entities); throws Poco::DataFormatException.
    explicit CaseView(const std::string& caseXml);
    ~CaseView();
    CaseView(const CaseView&) = delete;
    CaseView& operator=(const CaseView&) = delete;

    void setVariable(const std::string& name, const std::string& value);
    void setVariable(const std::string& name, bool value);

    // The string value of the expression (XPath string()), trimmed.
    std::string text(const XPathExpression& expression, xmlNodePtr context = nullptr) const;
    // The boolean value of the expression (XPath boolean()).
    bool test(const XPathExpression& expression, xmlNodePtr context = nullptr) const;
    // The nodes the expression selects, in document order.
    std::vector<xmlNodePtr> nodes(const XPathExpression& expression,
                                  xmlNodePtr context = nullptr) const;

    // The application's lang attribute, "sv" when absent.
    std::string language() const;
    xmlNodePtr root() const;

private:
    struct Result;
    Result evaluate(const XPathExpression& expression, xmlNodePtr context) const;

    struct FreeDoc {
        void operator()(xmlDocPtr doc) const { xmlFreeDoc(doc); }
    };
    struct FreeContext {
        void operator()(xmlXPathContextPtr context) const { xmlXPathFreeContext(context); }
    };
    std::unique_ptr<xmlDoc, FreeDoc> _doc;
    std::unique_ptr<xmlXPathContext, FreeContext> _context;
};

// The text content of a node (all its descendant text), as UTF-8.
std::string textOf(xmlNodePtr node);

// Trims ASCII white space at both ends and folds inner runs of it to one space.
std::string collapseWhiteSpace(const std::string& text);

}  // namespace grantflow::letters
