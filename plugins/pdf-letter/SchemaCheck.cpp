#include "SchemaCheck.h"

#include <Poco/Exception.h>
#include <libxml/xmlschemas.h>

#include <memory>

#include "CaseView.h"

namespace grantflow::letters {

namespace {

struct FreeParser {
    void operator()(xmlSchemaParserCtxtPtr p) const { xmlSchemaFreeParserCtxt(p); }
};
struct FreeSchema {
    void operator()(xmlSchemaPtr s) const { xmlSchemaFree(s); }
};
struct FreeValid {
    void operator()(xmlSchemaValidCtxtPtr v) const { xmlSchemaFreeValidCtxt(v); }
};

struct FirstError {
    std::string text;
    static void collect(void* context, xmlErrorPtr error) {
        auto* first = static_cast<FirstError*>(context);
        if (first->text.empty())
            first->text = "line " + std::to_string(error->line) + ": " +
                          collapseWhiteSpace(error->message ? error->message : "");
    }
};

}  // namespace

void checkAgainstSchema(xmlDocPtr document, const std::string& path,
                        const std::string& schemaPath) {
    std::unique_ptr<xmlSchemaParserCtxt, FreeParser> parser(
        xmlSchemaNewParserCtxt(schemaPath.c_str()));
    std::unique_ptr<xmlSchema, FreeSchema> schema(parser ? xmlSchemaParse(parser.get()) : nullptr);
    if (!schema)
        throw Poco::DataFormatException("cannot read the letter template schema " + schemaPath);
    std::unique_ptr<xmlSchemaValidCtxt, FreeValid> valid(xmlSchemaNewValidCtxt(schema.get()));
    FirstError error;
    xmlSchemaSetValidStructuredErrors(valid.get(), &FirstError::collect, &error);
    if (xmlSchemaValidateDoc(valid.get(), document) != 0)
        throw Poco::DataFormatException(
            path + ": " + (error.text.empty() ? "does not follow " + schemaPath : error.text));
}

}  // namespace grantflow::letters
