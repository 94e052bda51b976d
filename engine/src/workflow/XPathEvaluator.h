// Evaluates XPath 1.0 over a case document with the namespace prefixes a
// process declares. Conditions on sequence flows are taken as XPath booleans
// (boolean() of the result), so "case:review/case:outcome = 'complete'" and a
// bare node test such as "case:decision" both work as modelers expect.
#pragma once

#include <grantflow/XmlDocument.h>

#include <map>
#include <string>

namespace grantflow::workflow {

class XPathEvaluator {
public:
    // Throws Poco::DataException when the document is empty.
    XPathEvaluator(const XmlDocument& document, const std::map<std::string, std::string>& namespaces);
    ~XPathEvaluator();
    XPathEvaluator(const XPathEvaluator&) = delete;
    XPathEvaluator& operator=(const XPathEvaluator&) = delete;

    // The expression's boolean value; throws Poco::SyntaxException with the
    // libxml2 message when it cannot be evaluated (bad syntax, unknown prefix).
    bool test(const std::string& expression) const;

    // The expression's string value, same errors as test().
    std::string text(const std::string& expression) const;

    // Empty when the expression compiles and evaluates on this document, else why not.
    std::string check(const std::string& expression) const;

    // As check(), and the expression must give a boolean or a node-set (true when not
    // empty), as a condition should: a string or a number would be true whenever it
    // is not empty or not 0, the string 'false' included, which is almost never meant.
    std::string checkCondition(const std::string& expression) const;

    struct Context;  // libxml2's context, reused by the next evaluator on this thread

private:
    Context* _context;
};

}  // namespace grantflow::workflow
