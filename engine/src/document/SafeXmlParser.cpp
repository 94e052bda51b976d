#include <grantflow/SafeXmlParser.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "document/AttributeLimit.h"
#include "document/LibxmlInit.h"

#include <climits>
#include <memory>

namespace grantflow {

namespace {

// A document gets at most this many parser complaints; after that they are noise.
constexpr std::size_t maxParseProblems = 20;

struct ContextFree {
    void operator()(xmlParserCtxtPtr context) const { xmlFreeParserCtxt(context); }
};

struct ParseState {
    Problems* problems;
    bool sawDoctype = false;
};

std::string trimmed(const char* message) {
    std::string text = message ? message : "";
    for (char& c : text)
        if (c == '\n') c = ' ';
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

bool isEncodingError(int code) {
    return code == XML_ERR_INVALID_CHAR || code == XML_ERR_INVALID_ENCODING ||
           code == XML_ERR_UNKNOWN_ENCODING || code == XML_ERR_UNSUPPORTED_ENCODING;
}

void collectError(void* userData, xmlErrorPtr error) {
    auto* context = static_cast<xmlParserCtxtPtr>(userData);
    auto* state = static_cast<ParseState*>(context->_private);
    if (state->sawDoctype || state->problems->size() >= maxParseProblems) return;
    Problem problem;
    problem.code = isEncodingError(error->code) ? "encoding" : "not-well-formed";
    problem.line = error->line;
    problem.column = error->int2;
    problem.message = trimmed(error->message);
    // libxml2 advises an option the sender cannot set; say what is wrong instead.
    if (error->code == XML_ERR_INTERNAL_ERROR && problem.message.find("Excessive depth") != std::string::npos)
        problem.message = "elements are nested deeper than 256 levels, which no document here needs";
    if (problem.code == "encoding")
        problem.message += " (the bytes do not match the declared encoding)";
    state->problems->push_back(std::move(problem));
}

// Called when the parser meets <!DOCTYPE ...>, before any declaration inside it.
void refuseDoctype(void* userData, const xmlChar*, const xmlChar*, const xmlChar*) {
    auto* context = static_cast<xmlParserCtxtPtr>(userData);
    auto* state = static_cast<ParseState*>(context->_private);
    Problem problem;
    problem.code = "doctype-refused";
    problem.line = context->input ? context->input->line : 0;
    problem.message =
        "a DOCTYPE declaration is not allowed: documents sent to grantflow may not declare entities or DTDs";
    state->problems->push_back(std::move(problem));
    state->sawDoctype = true;
    xmlStopParser(context);
}

// Whether the bytes begin, after a byte order mark and white space, with '<', as
// every XML document does (in UTF-8; a UTF-16 mark is left for libxml2 to read).
bool startsLikeXml(std::string_view bytes) {
    if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
        return true;
    std::size_t at = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    while (at < bytes.size() && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\r' || bytes[at] == '\n')) ++at;
    return at < bytes.size() && bytes[at] == '<';
}

}  // namespace

SafeXmlParser::SafeXmlParser(ParseLimits limits) : _limits(limits) { initializeLibxml(); }

ParseResult SafeXmlParser::parse(std::string_view bytes) const {
    ParseResult result;
    if (bytes.size() > _limits.maxBytes || bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        result.problems.push_back({"too-large", "", 0, 0,
                                   "the document is " + std::to_string(bytes.size()) +
                                       " bytes; the limit is " + std::to_string(_limits.maxBytes)});
        return result;
    }
    if (bytes.empty()) {
        result.problems.push_back({"empty", "", 0, 0, "the document is empty"});
        return result;
    }
    if (!startsLikeXml(bytes)) {
        // libxml2 calls such bytes "Document is empty", which misleads.
        result.problems.push_back({"not-xml", "", 1, 1, "the file is not XML: it does not begin with '<'"});
        return result;
    }

    if (auto crowded = tagWithTooManyAttributes(bytes)) {
        result.problems.push_back(std::move(*crowded));
        return result;
    }

    std::unique_ptr<xmlParserCtxt, ContextFree> context(xmlNewParserCtxt());
    if (!context) throw std::bad_alloc();
    ParseState state{&result.problems};
    context->_private = &state;
    context->sax->serror = collectError;
    context->sax->internalSubset = refuseDoctype;

    // No XML_PARSE_NOENT (entity substitution), DTDLOAD, DTDATTR, XINCLUDE or HUGE:
    // each would let a document make the parser do work or reads it never should.
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                        XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;
    xmlDocPtr doc = xmlCtxtReadMemory(context.get(), bytes.data(), static_cast<int>(bytes.size()),
                                      nullptr, nullptr, options);
    XmlDocument document(doc);
    if (!document.empty() && result.problems.empty() && context->wellFormed)
        result.document = std::move(document);
    else if (result.problems.empty())
        result.problems.push_back({"not-well-formed", "", 0, 0, "the document is not well-formed XML"});
    return result;
}

}  // namespace grantflow
