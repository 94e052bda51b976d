#include <Poco/Exception.h>
#include <grantflow/FormDefinition.h>
#include <grantflow/SafeXmlParser.h>
#include <grantflow/SchemaValidator.h>

#include <fstream>
#include <set>
#include <sstream>

#include "document/XmlNavigation.h"

namespace grantflow {

namespace {

constexpr const char* formNs = "urn:grantflow:form:1";

std::string attribute(const xmlNode* node, const char* name, const std::string& fallback = {}) {
    xmlChar* value = xmlGetProp(node, BAD_CAST name);
    if (!value) return fallback;
    std::string text(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return text;
}

int intAttribute(const xmlNode* node, const char* name, int fallback) {
    std::string text = attribute(node, name);
    return text.empty() ? fallback : std::stoi(text);
}

// The <NAME lang="sv"> and <NAME lang="en"> children of node.
FormText texts(const xmlNode* node, const char* name) {
    FormText text;
    for (xmlNodePtr child : xml::children(node, name, formNs)) {
        std::string value = xml::trimmedText(child);
        (attribute(child, "lang") == "en" ? text.en : text.sv) = value;
    }
    return text;
}

FieldType fieldType(const std::string& name) {
    static const std::pair<const char*, FieldType> types[] = {
        {"text", FieldType::text},         {"multiline", FieldType::multiline},
        {"date", FieldType::date},         {"amount", FieldType::amount},
        {"number", FieldType::number},     {"choice", FieldType::choice},
        {"checkbox", FieldType::checkbox}, {"list", FieldType::list}};
    for (const auto& [text, type] : types)
        if (name == text) return type;
    throw Poco::DataFormatException("unknown field type", name);
}

FormField readField(const xmlNode* node) {
    FormField field;
    field.name = attribute(node, "name");
    field.type = fieldType(attribute(node, "type"));
    field.path = attribute(node, "path");
    std::string required = attribute(node, "required", "false");
    field.required = required == "true" || required == "1";
    field.width = intAttribute(node, "width", 12);
    field.lines = intAttribute(node, "lines", 1);
    field.maxLength = intAttribute(node, "maxLength", 0);
    field.checkedValue = attribute(node, "value");
    field.defaultValue = attribute(node, "default");
    field.label = texts(node, "label");
    field.help = texts(node, "help");
    for (xmlNodePtr option : xml::children(node, "option", formNs))
        field.options.push_back({attribute(option, "value"), texts(option, "label")});
    if (field.type == FieldType::checkbox && field.checkedValue.empty())
        throw Poco::DataFormatException("check box without a value", field.name);
    if (field.type == FieldType::choice && field.options.empty())
        throw Poco::DataFormatException("choice without options", field.name);
    return field;
}

bool readConstant(const xmlNode* node, FormConstant& constant) {
    if (xml::isElement(node, "fixed", formNs)) {
        constant = {attribute(node, "path"), attribute(node, "value"), false};
        return true;
    }
    if (xml::isElement(node, "received", formNs)) {
        constant = {attribute(node, "path"), {}, true};
        return true;
    }
    return false;
}

}  // namespace

FormDefinition FormDefinition::load(const std::string& formPath,
                                    const std::string& formSchemaPath) {
    std::ifstream in(formPath, std::ios::binary);
    if (!in) throw Poco::FileNotFoundException("cannot read the form definition", formPath);
    std::ostringstream bytes;
    bytes << in.rdbuf();

    ParseResult parsed = SafeXmlParser().parse(bytes.str());
    if (parsed.document.empty())
        throw Poco::DataFormatException(
            formPath + " is not well-formed",
            parsed.problems.empty() ? "" : parsed.problems.front().message);
    Problems problems = SchemaValidator(formSchemaPath).validate(parsed.document);
    if (!problems.empty())
        throw Poco::DataFormatException(formatProblem(formPath, problems.front()));

    FormDefinition form;
    xmlNodePtr root = parsed.document.root();
    form._id = attribute(root, "id");
    form._version = intAttribute(root, "version", 0);
    form._targetNamespace = attribute(root, "targetNamespace");
    form._root = attribute(root, "root");
    form._title = texts(root, "title");
    form._intro = texts(root, "intro");
    form._closing = texts(root, "closing");

    std::set<std::string> names;
    auto claim = [&](const std::string& name) {
        if (!names.insert(name).second)
            throw Poco::DataFormatException("field name used twice", name);
    };
    for (xmlNodePtr node = root->children; node; node = node->next) {
        FormConstant constant;
        if (readConstant(node, constant)) {
            form._leadingConstants.push_back(constant);
            continue;
        }
        if (!xml::isElement(node, "section", formNs)) continue;
        FormSection section;
        section.id = attribute(node, "id");
        section.title = texts(node, "title");
        section.help = texts(node, "help");
        for (xmlNodePtr entry = node->children; entry; entry = entry->next) {
            if (readConstant(entry, constant)) {
                section.entries.emplace_back(constant);
            } else if (xml::isElement(entry, "field", formNs)) {
                FormField field = readField(entry);
                claim(field.name);
                section.entries.emplace_back(std::move(field));
            } else if (xml::isElement(entry, "repeat", formNs)) {
                FormRepeat repeat;
                repeat.name = attribute(entry, "name");
                repeat.path = attribute(entry, "path");
                repeat.rows = intAttribute(entry, "rows", 1);
                repeat.minRows = intAttribute(entry, "minRows", 0);
                repeat.title = texts(entry, "title");
                repeat.help = texts(entry, "help");
                claim(repeat.name);
                std::set<std::string> columns;
                for (xmlNodePtr column : xml::children(entry, "field", formNs)) {
                    repeat.fields.push_back(readField(column));
                    if (!columns.insert(repeat.fields.back().name).second)
                        throw Poco::DataFormatException("column name used twice", repeat.name);
                }
                section.entries.emplace_back(std::move(repeat));
            }
        }
        form._sections.push_back(std::move(section));
    }
    return form;
}

std::string FormDefinition::cellName(const FormRepeat& repeat, int row, const FormField& field) {
    return repeat.name + "." + std::to_string(row) + "." + field.name;
}

const char* FormDefinition::markerFieldName() { return "grantflowForm"; }

std::string FormDefinition::markerValue(const std::string& lang) const {
    return _id + " " + std::to_string(_version) + " " + lang;
}

}  // namespace grantflow
