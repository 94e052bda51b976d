#include "OutcomeForm.h"

#include "XPathEvaluator.h"

#include <grantflow/SafeXmlParser.h>

#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <libxml/tree.h>

namespace grantflow::workflow {

namespace {

const char* const rulesNamespace = "urn:grantflow:outcome-rules:1";
const std::map<std::string, std::string> outcomeNamespaces = {{"case", "urn:grantflow:case:1"}};

std::string attributeOf(const xmlNode* element, const char* name) {
    xmlChar* value = xmlGetProp(element, reinterpret_cast<const xmlChar*>(name));
    std::string text = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return text;
}

// Every <rule> of the rules namespace anywhere in the schema document, in order.
void collectRules(const xmlNode* node, std::vector<const xmlNode*>& found) {
    for (const xmlNode* child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE) continue;
        if (child->ns && xmlStrEqual(child->ns->href, reinterpret_cast<const xmlChar*>(rulesNamespace)) &&
            xmlStrEqual(child->name, reinterpret_cast<const xmlChar*>("rule")))
            found.push_back(child);
        else
            collectRules(child, found);
    }
}

}  // namespace

OutcomeForm::OutcomeForm(const std::string& directory, const std::string& form)
    : _schema(Poco::Path(directory, form + ".xsd").toString()) {
    const std::string path = Poco::Path(directory, form + ".xsd").toString();
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    ParseResult parsed = SafeXmlParser().parse(text);
    if (parsed.document.empty()) throw Poco::DataFormatException("cannot read the rules of", path);
    std::vector<const xmlNode*> rules;
    collectRules(parsed.document.root(), rules);
    // Each test is tried once on an empty outcome, so a broken one stops the form
    // from loading instead of refusing every outcome later.
    ParseResult probe = SafeXmlParser().parse("<review xmlns=\"urn:grantflow:case:1\"/>");
    XPathEvaluator evaluator(probe.document, outcomeNamespaces);
    for (const xmlNode* element : rules) {
        xmlChar* content = xmlNodeGetContent(element);
        Rule rule{attributeOf(element, "test"), attributeOf(element, "where"),
                  Poco::trim(std::string(content ? reinterpret_cast<const char*>(content) : "")),
                  static_cast<int>(xmlGetLineNo(element))};
        xmlFree(content);
        const std::string over = attributeOf(element, "over");
        std::string why = rule.test.empty() ? "it has no test" : evaluator.checkCondition(rule.test);
        if (why.empty() && rule.message.empty()) why = "it has no message";
        if (why.empty() && !over.empty() && over != "outcome" && over != "case")
            why = "over=\"" + over + "\" is neither \"outcome\" nor \"case\"";
        if (!why.empty())
            throw Poco::DataFormatException(path + ":" + std::to_string(rule.line) + ": the outcome rule cannot be used", why);
        (over == "case" ? _caseRules : _rules).push_back(std::move(rule));
    }
}

Problems OutcomeForm::failing(const std::vector<Rule>& rules, const XmlDocument& document) {
    Problems problems;
    if (rules.empty()) return problems;
    XPathEvaluator evaluator(document, outcomeNamespaces);
    for (const Rule& rule : rules)
        if (!evaluator.test(rule.test)) problems.push_back({"outcome-rule", rule.where, 0, 0, rule.message});
    return problems;
}

Problems OutcomeForm::check(const XmlDocument& outcome) const {
    Problems problems = _schema.validate(outcome);
    return problems.empty() ? failing(_rules, outcome) : problems;
}

Problems OutcomeForm::checkCase(const XmlDocument& caseDocument) const { return failing(_caseRules, caseDocument); }

}  // namespace grantflow::workflow
