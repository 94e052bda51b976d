#include <grantflow/SchemaValidator.h>

#include <Poco/Exception.h>
#include <libxml/xmlschemas.h>

#include "document/LibxmlInit.h"

namespace grantflow {

namespace {

struct SchemaParserFree {
    void operator()(xmlSchemaParserCtxtPtr context) const { xmlSchemaFreeParserCtxt(context); }
};
struct SchemaFree {
    void operator()(xmlSchemaPtr schema) const { xmlSchemaFree(schema); }
};
struct ValidContextFree {
    void operator()(xmlSchemaValidCtxtPtr context) const { xmlSchemaFreeValidCtxt(context); }
};

// libxml2 writes element names as '{namespace}name'; the path already says where
// the element is, so the message keeps only what is wrong.
std::string plainMessage(std::string message) {
    for (char& c : message)
        if (c == '\n') c = ' ';
    while (!message.empty() && message.back() == ' ') message.pop_back();
    for (std::size_t open; (open = message.find('{')) != std::string::npos;) {
        std::size_t close = message.find('}', open);
        if (close == std::string::npos || message.find_first_of(" ,'", open) < close) break;
        message.erase(open, close - open + 1);
    }
    std::string element;
    if (message.rfind("Element '", 0) == 0) {
        std::size_t end = message.find("': ");
        if (end != std::string::npos) {
            element = message.substr(9, end - 9);
            message.erase(0, end + 3);
        }
    }
    // libxml2's wording for a missing element names what it expected instead.
    const std::string unexpected = "This element is not expected. Expected is ( ";
    const std::string missing = "Missing child element(s). Expected is ( ";
    if (message.rfind(unexpected, 0) == 0)
        return "a required element is missing or out of order: expected " +
               message.substr(unexpected.size(), message.find(" )") - unexpected.size()) + " before " +
               element;
    if (message.rfind(missing, 0) == 0)
        return "a required element is missing: expected " +
               message.substr(missing.size(), message.find(" )") - missing.size()) + " inside " + element;
    return message;
}

void collectSchemaError(void* userData, xmlErrorPtr error) {
    auto* problems = static_cast<Problems*>(userData);
    Problem problem;
    problem.code = "schema";
    problem.line = error->line;
    if (error->node && static_cast<xmlNodePtr>(error->node)->type == XML_ELEMENT_NODE)
        problem.path = pathOf(static_cast<xmlNodePtr>(error->node));
    problem.message = plainMessage(error->message ? error->message : "invalid");
    problems->push_back(std::move(problem));
}

}  // namespace

struct SchemaValidator::Compiled {
    std::unique_ptr<xmlSchema, SchemaFree> schema;
};

SchemaValidator::SchemaValidator(const std::string& xsdPath) : _compiled(std::make_unique<Compiled>()) {
    initializeLibxml();
    std::unique_ptr<xmlSchemaParserCtxt, SchemaParserFree> parser(
        xmlSchemaNewParserCtxt(xsdPath.c_str()));
    if (!parser) throw Poco::FileNotFoundException("cannot read schema", xsdPath);
    Problems problems;
    xmlSchemaSetParserStructuredErrors(parser.get(), collectSchemaError, &problems);
    _compiled->schema.reset(xmlSchemaParse(parser.get()));
    if (!_compiled->schema) {
        std::string why = problems.empty() ? "unknown error" : problems.front().message;
        throw Poco::DataFormatException("schema " + xsdPath + " does not compile", why);
    }
}

SchemaValidator::~SchemaValidator() = default;

Problems SchemaValidator::validate(const XmlDocument& document) const {
    Problems problems;
    std::unique_ptr<xmlSchemaValidCtxt, ValidContextFree> context(
        xmlSchemaNewValidCtxt(_compiled->schema.get()));
    if (!context) throw std::bad_alloc();
    xmlSchemaSetValidStructuredErrors(context.get(), collectSchemaError, &problems);
    int result = xmlSchemaValidateDoc(context.get(), document.get());
    if (result != 0 && problems.empty())
        problems.push_back({"schema", "", 0, 0, "the document does not match its schema"});
    return problems;
}

}  // namespace grantflow
