#include "XPathEvaluator.h"

#include <Poco/Exception.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <cstdarg>
#include <cstdio>
#include <memory>
#include <unordered_map>
#include <vector>

namespace grantflow::workflow {

struct XPathEvaluator::Context {
    std::unique_ptr<xmlXPathContext, void (*)(xmlXPathContextPtr)> xpath{nullptr, xmlXPathFreeContext};
    std::map<std::string, std::string> namespaces;  // the prefixes registered in it
    std::string lastError;
};

namespace {

// What an XPath error code means. libxml2 2.9 hands the context's handler its
// XPath errors with a code and no message.
std::string xpathProblem(int code) {
    switch (code) {
        case XML_XPATH_NUMBER_ERROR: return "a number that cannot be read";
        case XML_XPATH_UNFINISHED_LITERAL_ERROR: return "a string without its closing quote";
        case XML_XPATH_START_LITERAL_ERROR: return "a string without its opening quote";
        case XML_XPATH_VARIABLE_REF_ERROR: return "a variable reference that cannot be read";
        case XML_XPATH_UNDEF_VARIABLE_ERROR:
            return "a variable, and grantflow binds none: write a path into the case document instead";
        case XML_XPATH_INVALID_PREDICATE_ERROR: return "a predicate [...] that cannot be read";
        case XML_XPATH_EXPR_ERROR: return "the expression cannot be read";
        case XML_XPATH_UNCLOSED_ERROR: return "a bracket or parenthesis that is not closed";
        case XML_XPATH_UNKNOWN_FUNC_ERROR: return "a function XPath 1.0 does not have";
        case XML_XPATH_INVALID_OPERAND: return "an operand of the wrong kind";
        case XML_XPATH_INVALID_TYPE: return "a value of the wrong type for where it stands";
        case XML_XPATH_INVALID_ARITY: return "a function given the wrong number of arguments";
        case XML_XPATH_UNDEF_PREFIX_ERROR:
            return "a namespace prefix that is not declared: declare it in the file, e.g. "
                   "xmlns:case=\"urn:grantflow:case:1\" on <definitions>";
        case XML_XPATH_INVALID_CHAR_ERROR: return "a character XPath does not allow";
        default: return "XPath error " + std::to_string(code);
    }
}

void collectError(void* userData, xmlErrorPtr error) {
    auto* message = static_cast<std::string*>(userData);
    if (!error) return;
    if (error->message) {
        *message = error->message;
        while (!message->empty() && (message->back() == '\n' || message->back() == ' ')) message->pop_back();
        return;
    }
    *message = xpathProblem(error->code);
    // While compiling, libxml2 also says how far into the expression it read.
    if (error->str1) *message += " (at character " + std::to_string(error->int1) + ")";
}

// Some XPath errors (an unknown function) bypass the context's handler and go to
// libxml2's generic one, which prints to stderr: they are kept here instead, and
// become the error's message.
thread_local std::string genericError;

void keepGenericError(void*, const char* format, ...) {
    char text[512];
    va_list arguments;
    va_start(arguments, format);
    std::vsnprintf(text, sizeof text, format, arguments);
    va_end(arguments);
    genericError = text;
    while (!genericError.empty() && (genericError.back() == '\n' || genericError.back() == ' ')) genericError.pop_back();
    // "xmlXPathCompOpEval: function foo not found": the part after the function's name.
    const auto colon = genericError.find(": ");
    if (colon != std::string::npos && genericError.compare(0, 5, "xmlXP") == 0) genericError.erase(0, colon + 2);
}

struct ObjectFree {
    void operator()(xmlXPathObjectPtr object) const { xmlXPathFreeObject(object); }
};
using Object = std::unique_ptr<xmlXPathObject, ObjectFree>;

// Setting up a context (it registers every XPath function in a hash table) and
// compiling an expression cost more than evaluating a gateway's condition, so each
// thread keeps its idle contexts, with their namespace prefixes, and the expressions
// it compiled. Kept per thread because libxml2's objects are not shared between threads.
// A few contexts, not one: a completed task's outcome rules (one set of prefixes) and
// its process's gateways (another) alternate at every step.
constexpr std::size_t maxIdleContexts = 4;
thread_local std::vector<std::unique_ptr<XPathEvaluator::Context>> idleContexts;

std::unique_ptr<XPathEvaluator::Context> idleContextFor(const std::map<std::string, std::string>& namespaces) {
    for (auto it = idleContexts.begin(); it != idleContexts.end(); ++it)
        if ((*it)->namespaces == namespaces) {
            std::unique_ptr<XPathEvaluator::Context> context = std::move(*it);
            idleContexts.erase(it);
            return context;
        }
    return nullptr;
}

struct CompiledFree {
    void operator()(xmlXPathCompExprPtr compiled) const { xmlXPathFreeCompExpr(compiled); }
};
using Compiled = std::unique_ptr<xmlXPathCompExpr, CompiledFree>;

constexpr std::size_t maxCompiled = 1024;  // expressions of the deployed processes; more is unusual
thread_local std::unordered_map<std::string, Compiled> compiledExpressions;

}  // namespace

XPathEvaluator::XPathEvaluator(const XmlDocument& document, const std::map<std::string, std::string>& namespaces) {
    if (document.empty()) throw Poco::DataException("no document to evaluate XPath over");
    std::unique_ptr<Context> context = idleContextFor(namespaces);
    if (!context) {
        context = std::make_unique<Context>();
        context->xpath.reset(xmlXPathNewContext(document.get()));
        if (!context->xpath) throw Poco::OutOfMemoryException("xmlXPathNewContext");
        context->xpath->error = collectError;
        for (const auto& [prefix, uri] : namespaces)
            xmlXPathRegisterNs(context->xpath.get(), reinterpret_cast<const xmlChar*>(prefix.c_str()),
                               reinterpret_cast<const xmlChar*>(uri.c_str()));
        context->namespaces = namespaces;
    }
    context->xpath->doc = document.get();
    context->xpath->userData = &context->lastError;
    // Relative paths start at the case element, so "case:decision" means the case's decision.
    context->xpath->node = document.root();
    _context = context.release();
}

XPathEvaluator::~XPathEvaluator() {
    _context->xpath->doc = nullptr;
    _context->xpath->node = nullptr;
    if (idleContexts.size() >= maxIdleContexts) idleContexts.erase(idleContexts.begin());
    idleContexts.emplace_back(_context);
}

namespace {

Object evaluate(xmlXPathContextPtr context, std::string& lastError, const std::string& expression) {
    thread_local bool handlerSet = false;
    if (!handlerSet) {
        xmlSetGenericErrorFunc(nullptr, keepGenericError);
        handlerSet = true;
    }
    genericError.clear();
    lastError.clear();
    auto found = compiledExpressions.find(expression);
    if (found == compiledExpressions.end()) {
        Compiled compiled(xmlXPathCtxtCompile(context, reinterpret_cast<const xmlChar*>(expression.c_str())));
        if (!compiled)
            throw Poco::SyntaxException("not XPath 1.0: " + (lastError.empty() ? expression : lastError));
        if (compiledExpressions.size() >= maxCompiled) compiledExpressions.clear();
        found = compiledExpressions.emplace(expression, std::move(compiled)).first;
    }
    Object result(xmlXPathCompiledEval(found->second.get(), context));
    if (!result && !genericError.empty()) lastError = genericError + " (in " + expression + ")";
    if (!result)
        throw Poco::SyntaxException("XPath cannot be evaluated: " + (lastError.empty() ? expression : lastError));
    return result;
}

// Evaluates from the case element and leaves the context there for the next expression.
Object evaluateFromRoot(XPathEvaluator::Context& context, const std::string& expression) {
    xmlNodePtr start = context.xpath->node;
    try {
        Object result = evaluate(context.xpath.get(), context.lastError, expression);
        context.xpath->node = start;
        return result;
    } catch (...) {
        context.xpath->node = start;
        throw;
    }
}

}  // namespace

bool XPathEvaluator::test(const std::string& expression) const {
    return xmlXPathCastToBoolean(evaluateFromRoot(*_context, expression).get()) != 0;
}

std::string XPathEvaluator::text(const std::string& expression) const {
    Object result = evaluateFromRoot(*_context, expression);
    std::unique_ptr<xmlChar, void (*)(void*)> value(xmlXPathCastToString(result.get()), xmlFree);
    return value ? reinterpret_cast<const char*>(value.get()) : "";
}

std::string XPathEvaluator::check(const std::string& expression) const {
    try {
        evaluateFromRoot(*_context, expression);
        return {};
    } catch (const Poco::SyntaxException& e) {
        return e.message();
    }
}

// XPath 1.0 types an expression by its form, not by the document (no variables are
// bound), so the kind of value found here is the kind every case will give.
std::string XPathEvaluator::checkCondition(const std::string& expression) const {
    Object result;
    try {
        result = evaluateFromRoot(*_context, expression);
    } catch (const Poco::SyntaxException& e) {
        return e.message();
    }
    switch (result->type) {
    case XPATH_BOOLEAN:
    case XPATH_NODESET:
        return {};
    case XPATH_STRING:
        return "it gives a string, which XPath takes as true whenever it is not empty, 'false' included; "
               "compare it instead, as in case:decision/case:outcome = 'bifall'";
    case XPATH_NUMBER:
        return "it gives a number, which XPath takes as true whenever it is neither 0 nor NaN; "
               "compare it instead, as in count(case:review) > 0";
    default:
        return "it gives neither a boolean nor a node-set";
    }
}

}  // namespace grantflow::workflow
