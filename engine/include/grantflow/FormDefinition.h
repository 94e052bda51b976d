// The application form as data (forms/application-form.xml, schema
// schemas/application-form.xsd): sections, fields with their labels and help in
// Swedish and English, types, and the path where each value goes in the
// application XML. The blank PDF is drawn from it and a filled PDF is read with
// it, so the form on paper and the XML it becomes cannot drift apart.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace grantflow {

// A text in the two languages a form is printed in.
struct FormText {
    std::string sv, en;
    // The text in lang ("sv" or "en"); the Swedish one when that language is missing.
    const std::string& in(const std::string& lang) const {
        return lang == "en" && !en.empty() ? en : sv;
    }
    bool empty() const { return sv.empty() && en.empty(); }
};

enum class FieldType { text, multiline, date, amount, number, choice, checkbox, list };

struct FormOption {
    std::string value;  // what goes into the XML
    FormText label;     // what the applicant sees
};

struct FormField {
    std::string name;  // the PDF field name; inside a repeat only the column's name
    FieldType type = FieldType::text;
    std::string path;  // relative to the root, or to the row element inside a repeat
    bool required = false;
    int width = 12;  // twelfths of the line
    int lines = 1;
    int maxLength = 0;         // 0 = no limit
    std::string checkedValue;  // checkbox: the value a tick stands for
    std::string defaultValue;  // "form-language" = the language the form is printed in
    FormText label, help;
    std::vector<FormOption> options;
};

// Rows of the same fields (budget lines, activities); each filled row becomes one
// element at `path`, an empty row is left out.
struct FormRepeat {
    std::string name, path;
    int rows = 1, minRows = 0;
    FormText title, help;
    std::vector<FormField> fields;
};

// A value the applicant does not type: fixed, or the time the form was received.
struct FormConstant {
    std::string path;
    std::string value;
    bool receivedAt = false;
};

using FormEntry = std::variant<FormField, FormRepeat, FormConstant>;

struct FormSection {
    std::string id;
    FormText title, help;
    std::vector<FormEntry> entries;
};

class FormDefinition {
public:
    // Reads and validates the definition; throws Poco::DataFormatException naming
    // the first problem when it is broken (it is configuration, not input).
    static FormDefinition load(const std::string& formPath, const std::string& formSchemaPath);

    const std::string& id() const { return _id; }
    int version() const { return _version; }
    const std::string& targetNamespace() const { return _targetNamespace; }
    const std::string& root() const { return _root; }
    const FormText& title() const { return _title; }
    const FormText& intro() const { return _intro; }
    const FormText& closing() const { return _closing; }
    // Constants before the first section, then the sections, in document order.
    const std::vector<FormConstant>& leadingConstants() const { return _leadingConstants; }
    const std::vector<FormSection>& sections() const { return _sections; }

    // The PDF name of one cell of a repeat: "line.3.amount" (rows count from 1).
    static std::string cellName(const FormRepeat& repeat, int row, const FormField& field);

    // The name and value of the hidden field that marks a PDF as this form,
    // e.g. "grantflowForm" = "application 1 sv".
    static const char* markerFieldName();
    std::string markerValue(const std::string& lang) const;

private:
    std::string _id, _targetNamespace, _root;
    int _version = 0;
    FormText _title, _intro, _closing;
    std::vector<FormConstant> _leadingConstants;
    std::vector<FormSection> _sections;
};

}  // namespace grantflow
