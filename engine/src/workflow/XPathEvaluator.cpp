#include "XPathEvaluator.h"

#include <Poco/Exception.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <memory>

namespace grantflow::workflow {

struct XPathEvaluator::Context {
    std::unique_ptr<xmlXPathContext, void (*)(xmlXPathContextPtr)> xpath{nullptr, xmlXPathFreeContext};
    std::string lastError;
};

namespace {

void collectError(void* userData, xmlErrorPtr error) {
    auto* message = static_cast<std::string*>(userData);
    if (error && error->message) {
        *message = error->message;
        while (!message->empty() && (message->back() == '\n' || message->back() == ' ')) message->pop_back();
    }
}

struct ObjectFree {
    void operator()(xmlXPathObjectPtr object) const { xmlXPathFreeObject(object); }
};
using Object = std::unique_ptr<xmlXPathObject, ObjectFree>;

struct CompiledFree {
    void operator()(xmlXPathCompExprPtr compiled) const { xmlXPathFreeCompExpr(compiled); }
};

}  // namespace

XPathEvaluator::XPathEvaluator(const XmlDocument& document, const std::map<std::string, std::string>& namespaces)
    : _context(new Context) {
    if (document.empty()) {
        delete _context;
        throw Poco::DataException("no document to evaluate XPath over");
    }
    _context->xpath.reset(xmlXPathNewContext(document.get()));
    if (!_context->xpath) {
        delete _context;
        throw Poco::OutOfMemoryException("xmlXPathNewContext");
    }
    _context->xpath->error = collectError;
    _context->xpath->userData = &_context->lastError;
    // Relative paths start at the case element, so "case:decision" means the case's decision.
    _context->xpath->node = document.root();
    for (const auto& [prefix, uri] : namespaces)
        xmlXPathRegisterNs(_context->xpath.get(), reinterpret_cast<const xmlChar*>(prefix.c_str()),
                           reinterpret_cast<const xmlChar*>(uri.c_str()));
}

XPathEvaluator::~XPathEvaluator() { delete _context; }

namespace {

Object evaluate(xmlXPathContextPtr context, std::string& lastError, const std::string& expression) {
    lastError.clear();
    std::unique_ptr<xmlXPathCompExpr, CompiledFree> compiled(
        xmlXPathCtxtCompile(context, reinterpret_cast<const xmlChar*>(expression.c_str())));
    if (!compiled)
        throw Poco::SyntaxException("not XPath 1.0: " + (lastError.empty() ? expression : lastError));
    Object result(xmlXPathCompiledEval(compiled.get(), context));
    if (!result)
        throw Poco::SyntaxException("XPath cannot be evaluated: " + (lastError.empty() ? expression : lastError));
    return result;
}

}  // namespace

bool XPathEvaluator::test(const std::string& expression) const {
    xmlNodePtr start = _context->xpath->node;
    Object result = evaluate(_context->xpath.get(), _context->lastError, expression);
    _context->xpath->node = start;
    return xmlXPathCastToBoolean(result.get()) != 0;
}

std::string XPathEvaluator::text(const std::string& expression) const {
    xmlNodePtr start = _context->xpath->node;
    Object result = evaluate(_context->xpath.get(), _context->lastError, expression);
    _context->xpath->node = start;
    std::unique_ptr<xmlChar, void (*)(void*)> value(xmlXPathCastToString(result.get()), xmlFree);
    return value ? reinterpret_cast<const char*>(value.get()) : "";
}

std::string XPathEvaluator::check(const std::string& expression) const {
    try {
        test(expression);
        return {};
    } catch (const Poco::SyntaxException& e) {
        return e.message();
    }
}

}  // namespace grantflow::workflow
