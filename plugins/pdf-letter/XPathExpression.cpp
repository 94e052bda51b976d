#include "XPathExpression.h"

#include <Poco/Exception.h>

namespace grantflow::letters {

XPathExpression::XPathExpression(std::string text) : _text(std::move(text)) {
    _compiled.reset(xmlXPathCompile(reinterpret_cast<const xmlChar*>(_text.c_str())));
    if (!_compiled) throw Poco::SyntaxException("not an XPath 1.0 expression", _text);
}

}  // namespace grantflow::letters
