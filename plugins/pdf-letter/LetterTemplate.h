// One letter template from forms/letters/ (schema schemas/letter-template.xsd):
// fixed text in one language with fields bound by XPath into the case
// document, sections shown only when a condition holds, and a budget table.
//
// Promises: load() checks the template against the schema and compiles every
// XPath, so a bad template fails when it is loaded, naming file and problem;
// fill() is const and thread-safe, and throws MissingField naming the template,
// the expression and the case when a required field has no value.
#pragma once

#include <Poco/Exception.h>
#include <libxml/tree.h>

#include <map>
#include <memory>
#include <string>

#include "CaseView.h"
#include "Letter.h"
#include "XPathExpression.h"

namespace grantflow::letters {

POCO_DECLARE_EXCEPTION(, MissingField, Poco::DataException)

class LetterTemplate {
public:
    // Throws Poco::DataFormatException (file, line, message) for an invalid template.
    static std::shared_ptr<const LetterTemplate> load(const std::string& path,
                                                      const std::string& schemaPath);
    ~LetterTemplate();

    const std::string& type() const { return _type; }
    const std::string& lang() const { return _lang; }
    const std::string& path() const { return _path; }

    // The letter for this case; `letter.letterhead` and `letter.referenceNumber`
    // are left for the caller.
    Letter fill(const CaseView& view) const;

private:
    LetterTemplate() = default;
    void compileAll(xmlNodePtr node);
    const XPathExpression& expression(xmlNodePtr node, const char* attribute) const;
    std::vector<Span> inlineContent(const CaseView& view, xmlNodePtr node, bool bold) const;
    std::string plainText(const CaseView& view, xmlNodePtr node) const;
    std::string fieldValue(const CaseView& view, xmlNodePtr field) const;
    void blocks(const CaseView& view, xmlNodePtr parent, std::vector<Block>& out) const;
    Block budgetTable(const CaseView& view, xmlNodePtr budget) const;
    bool shown(const CaseView& view, xmlNodePtr node) const;

    struct FreeDoc {
        void operator()(xmlDocPtr doc) const { xmlFreeDoc(doc); }
    };
    std::unique_ptr<xmlDoc, FreeDoc> _doc;
    std::string _path, _type, _lang;
    std::map<std::string, std::unique_ptr<XPathExpression>> _expressions;  // by text
};

}  // namespace grantflow::letters
