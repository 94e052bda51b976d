#include "LetterTemplate.h"

#include <grantflow/SwedishTime.h>

#include <libxml/parser.h>

#include <cstring>

#include "SchemaCheck.h"
#include "TextFormat.h"

namespace grantflow::letters {

POCO_IMPLEMENT_EXCEPTION(MissingField, Poco::DataException, "Missing field")

namespace {

const char* const templateNamespace = "urn:grantflow:letter-template:1";

bool isElement(xmlNodePtr node, const char* name = nullptr) {
    return node && node->type == XML_ELEMENT_NODE && node->ns &&
           std::strcmp(reinterpret_cast<const char*>(node->ns->href), templateNamespace) == 0 &&
           (!name || std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0);
}

std::string attribute(xmlNodePtr node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    std::string text = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return text;
}

xmlNodePtr child(xmlNodePtr parent, const char* name) {
    for (xmlNodePtr node = parent ? parent->children : nullptr; node; node = node->next)
        if (isElement(node, name)) return node;
    return nullptr;
}

// Template text: runs of white space become one space, so indentation in the
// template file never shows in the letter.
std::string templateText(const xmlChar* content) {
    std::string out;
    bool space = false;
    for (const xmlChar* p = content; p && *p; ++p) {
        char c = static_cast<char>(*p);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!space) out.push_back(' ');
            space = true;
        } else {
            out.push_back(c);
            space = false;
        }
    }
    return out;
}

std::string trim(const std::string& text) {
    std::size_t first = text.find_first_not_of(' ');
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

}  // namespace

LetterTemplate::~LetterTemplate() = default;

std::shared_ptr<const LetterTemplate> LetterTemplate::load(const std::string& path,
                                                           const std::string& schemaPath) {
    std::shared_ptr<LetterTemplate> letter(new LetterTemplate);
    letter->_path = path;
    letter->_doc.reset(xmlReadFile(path.c_str(), "UTF-8",
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!letter->_doc) {
        xmlErrorPtr error = xmlGetLastError();
        throw Poco::DataFormatException(
            path + (error ? ":" + std::to_string(error->line) + ": " +
                                trim(collapseWhiteSpace(error->message ? error->message : ""))
                          : std::string(": not well-formed XML")));
    }

    // The schema says what a template may contain; checking here means a typo
    // in an element name is reported by the administrator's edit, not by a
    // letter that silently lacks a paragraph.
    checkAgainstSchema(letter->_doc.get(), path, schemaPath);

    xmlNodePtr root = xmlDocGetRootElement(letter->_doc.get());
    if (!isElement(root, "letter"))
        throw Poco::DataFormatException(path + ": the root element must be <letter>");
    letter->_type = attribute(root, "type");
    letter->_lang = attribute(root, "lang");
    try {
        letter->compileAll(root);
    } catch (const Poco::SyntaxException& e) {
        throw Poco::DataFormatException(path + ": " + e.displayText());
    }
    return letter;
}

void LetterTemplate::compileAll(xmlNodePtr node) {
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        for (const char* name : {"select", "when", "lines", "granted", "applied"}) {
            std::string text = attribute(node, name);
            if (!text.empty() && !_expressions.count(text))
                _expressions[text] = std::make_unique<XPathExpression>(text);
        }
        compileAll(node->children);
    }
}

const XPathExpression& LetterTemplate::expression(xmlNodePtr node, const char* name) const {
    return *_expressions.at(attribute(node, name));
}

bool LetterTemplate::shown(const CaseView& view, xmlNodePtr node) const {
    return !xmlHasProp(node, reinterpret_cast<const xmlChar*>("when")) ||
           view.test(expression(node, "when"));
}

std::string LetterTemplate::fieldValue(const CaseView& view, xmlNodePtr field) const {
    const XPathExpression& select = expression(field, "select");
    std::string value = view.text(select);
    std::string format = attribute(field, "format");
    if (value.empty()) {
        if (attribute(field, "optional") == "true") return "";
        throw MissingField("the " + _type + " letter (" + _lang + ") needs " + select.text() +
                           ", which is empty in this case");
    }
    try {
        if (format == "money") return formatMoney(value, _lang);
        if (format == "date") return formatDate(value, _lang);
    } catch (const Poco::SyntaxException& e) {
        throw Poco::DataFormatException("the " + _type + " letter (" + _lang +
                                        "): " + select.text() + " = '" + value + "' is not a " +
                                        (format == "money" ? "whole amount" : "date"));
    }
    return value;
}

std::vector<Span> LetterTemplate::inlineContent(const CaseView& view, xmlNodePtr node,
                                                bool bold) const {
    std::vector<Span> spans;
    for (xmlNodePtr part = node->children; part; part = part->next) {
        if (part->type == XML_TEXT_NODE || part->type == XML_CDATA_SECTION_NODE) {
            spans.push_back({templateText(part->content), bold});
        } else if (isElement(part, "field")) {
            if (shown(view, part)) spans.push_back({fieldValue(view, part), bold});
        } else if (isElement(part, "b")) {
            if (shown(view, part))
                for (auto& span : inlineContent(view, part, true)) spans.push_back(std::move(span));
        }
    }
    return spans;
}

std::string LetterTemplate::plainText(const CaseView& view, xmlNodePtr node) const {
    std::string text;
    if (!node) return text;
    for (const auto& span : inlineContent(view, node, false)) text += span.text;
    return trim(text);
}

Block LetterTemplate::budgetTable(const CaseView& view, xmlNodePtr budget) const {
    Block table;
    table.kind = Block::Kind::table;
    bool withGranted = xmlHasProp(budget, reinterpret_cast<const xmlChar*>("granted")) != nullptr;
    xmlNodePtr columns = child(budget, "columns");
    TableRow header;
    header.header = true;
    header.cells = {plainText(view, child(columns, "category")),
                    plainText(view, child(columns, "applied"))};
    if (withGranted) header.cells.push_back(plainText(view, child(columns, "granted")));
    table.rows.push_back(header);

    std::map<std::string, std::string> labels;
    for (xmlNodePtr node = budget->children; node; node = node->next)
        if (isElement(node, "label")) labels[attribute(node, "code")] = plainText(view, node);

    static const XPathExpression category("string(@category)");
    std::map<std::string, long long> granted;
    std::vector<xmlNodePtr> grantedLines;
    if (withGranted) grantedLines = view.nodes(expression(budget, "granted"));
    for (xmlNodePtr line : grantedLines)
        granted[view.text(category, line)] += parseKronor(textOf(line));

    // The agency's own money, applied for and granted (the lines are the whole project).
    xmlNodePtr support = child(budget, "support");
    const long long supportApplied = support ? parseKronor(view.text(expression(support, "applied"))) : 0;
    const bool supportGrantedKnown = support && xmlHasProp(support, reinterpret_cast<const xmlChar*>("granted"));
    const long long supportGranted =
        supportGrantedKnown ? parseKronor(view.text(expression(support, "granted"))) : supportApplied;
    // Without granted lines, the lines are granted as applied for when the whole sum
    // applied for is granted; when less is, which lines were cut is not known, and no
    // line pretends to know it ("–").
    const bool linesKnown = !grantedLines.empty() || supportGranted == supportApplied;
    const std::string unknown = "\xE2\x80\x93";  // an en dash

    long long appliedTotal = 0, grantedTotal = 0;
    for (xmlNodePtr line : view.nodes(expression(budget, "lines"))) {
        std::string code = view.text(category, line);
        long long applied = parseKronor(textOf(line));
        long long given =
            grantedLines.empty() ? applied : (granted.count(code) ? granted[code] : 0);
        appliedTotal += applied;
        grantedTotal += given;
        TableRow row;
        row.cells = {labels.count(code) ? labels[code] : code, formatMoney(applied, _lang)};
        if (withGranted) row.cells.push_back(linesKnown ? formatMoney(given, _lang) : unknown);
        table.rows.push_back(row);
    }
    TableRow total;
    total.total = true;
    total.cells = {plainText(view, child(budget, "total")), formatMoney(appliedTotal, _lang)};
    if (withGranted) total.cells.push_back(linesKnown ? formatMoney(grantedTotal, _lang) : unknown);
    table.rows.push_back(total);
    if (support) {
        TableRow own;
        own.total = true;
        own.cells = {plainText(view, support), formatMoney(supportApplied, _lang)};
        if (withGranted) own.cells.push_back(formatMoney(supportGranted, _lang));
        table.rows.push_back(own);
    }
    return table;
}

void LetterTemplate::blocks(const CaseView& view, xmlNodePtr parent,
                            std::vector<Block>& out) const {
    for (xmlNodePtr node = parent->children; node; node = node->next) {
        if (!isElement(node) || !shown(view, node)) continue;
        std::string name = reinterpret_cast<const char*>(node->name);
        if (name == "h" || name == "p") {
            Block block;
            block.kind = name == "h" ? Block::Kind::heading : Block::Kind::paragraph;
            block.spans = inlineContent(view, node, name == "h");
            out.push_back(std::move(block));
        } else if (name == "section") {
            blocks(view, node, out);
        } else if (name == "paragraphs" || name == "list") {
            std::vector<xmlNodePtr> selected = view.nodes(expression(node, "select"));
            if (selected.empty() && attribute(node, "optional") != "true")
                throw MissingField("the " + _type + " letter (" + _lang + ") needs " +
                                   attribute(node, "select") +
                                   ", which selects nothing in this case");
            for (xmlNodePtr item : selected) {
                Block block;
                block.kind = name == "list" ? Block::Kind::bullet : Block::Kind::paragraph;
                block.spans.push_back({collapseWhiteSpace(textOf(item)), false});
                out.push_back(std::move(block));
            }
        } else if (name == "budget") {
            out.push_back(budgetTable(view, node));
        }
    }
}

Letter LetterTemplate::fill(const CaseView& view) const {
    xmlNodePtr root = xmlDocGetRootElement(_doc.get());
    Letter letter;
    letter.type = _type;
    letter.lang = _lang;
    letter.documentKind = plainText(view, child(root, "documentKind"));
    letter.title = plainText(view, child(root, "title"));
    xmlNodePtr date = child(root, "date");
    letter.isoDate = view.text(expression(date, "select"));
    if (letter.isoDate.empty())
        throw MissingField("the " + _type + " letter (" + _lang + ") is dated by " +
                           attribute(date, "select") + ", which is empty in this case");
    letter.isoDate = swedishDateOf(letter.isoDate);  // the date in Sweden, not in UTC
    try {
        letter.date = formatDate(letter.isoDate, _lang);
    } catch (const Poco::SyntaxException&) {
        throw Poco::DataFormatException("the " + _type + " letter (" + _lang + "): the date '" +
                                        letter.isoDate + "' is not a real date");
    }
    for (xmlNodePtr line = child(root, "recipient")->children; line; line = line->next) {
        if (!isElement(line, "line") || !shown(view, line)) continue;
        std::string text = plainText(view, line);
        if (!text.empty()) letter.recipient.push_back(text);
    }
    blocks(view, child(root, "body"), letter.blocks);
    return letter;
}

}  // namespace grantflow::letters
