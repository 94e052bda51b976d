// One XPath 1.0 expression from a letter template, compiled once when the
// template is loaded and evaluated for many cases (compiled expressions are
// read-only, so many threads may share one).
#pragma once

#include <libxml/xpath.h>

#include <memory>
#include <string>

namespace grantflow::letters {

class XPathExpression {
public:
    // Compiles the expression; throws Poco::SyntaxException with the text when it is not XPath.
    explicit XPathExpression(std::string text);

    const std::string& text() const { return _text; }
    xmlXPathCompExprPtr get() const { return _compiled.get(); }

private:
    struct Free {
        void operator()(xmlXPathCompExprPtr expression) const { xmlXPathFreeCompExpr(expression); }
    };
    std::string _text;
    std::unique_ptr<xmlXPathCompExpr, Free> _compiled;
};

}  // namespace grantflow::letters
