// What the form tests share: the form definition, intake objects built once,
// writing the blank form, and filling it with pdftk as an applicant's program would.
#pragma once

#include <FormWriter.h>
#include <Poco/Exception.h>
#include <Poco/Process.h>
#include <grantflow/ApplicationIntake.h>
#include <grantflow/FormDefinition.h>
#include <grantflow/PaperIntake.h>
#include <grantflow/SafeXmlParser.h>

#include <map>
#include <string>

#include "TestSupport.h"

namespace grantflow::test {

inline const FormDefinition& form() {
    static FormDefinition definition = FormDefinition::load(
        sourcePath("forms/application-form.xml"), sourcePath("schemas/application-form.xsd"));
    return definition;
}

inline const ApplicationIntake& applicationIntake() {
    static ApplicationIntake intake([] {
        IntakeSettings settings;
        settings.schemaPath = sourcePath("schemas/application.xsd");
        return settings;
    }());
    return intake;
}

inline PaperIntakeSettings paperSettings() {
    PaperIntakeSettings settings = PaperIntakeSettings::forDataDirectory(GRANTFLOW_SOURCE_DIR);
    settings.readerPath = GRANTFLOW_PDF_READER_FOR_TESTS;
    return settings;
}

inline const PaperIntake& paperIntake() {
    static PaperIntake intake(applicationIntake(), paperSettings());
    return intake;
}

// The blank form in lang, written once per test run into dir.
inline std::string blankForm(const TempDir& dir, const std::string& lang) {
    std::string path = dir.file("blank-" + lang + ".pdf");
    writeFile(path, pdfform::FormWriter(form()).write(lang));
    return path;
}

inline std::string xmlEscaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out += c;
    }
    return out;
}

// The field values of an XFDF file in tests/data/pdf.
inline std::map<std::string, std::string> xfdfValues(const std::string& name) {
    ParseResult parsed = SafeXmlParser().parse(readFile(dataPath("pdf/" + name)));
    std::map<std::string, std::string> values;
    for (xmlNodePtr field = parsed.document.root()->children; field; field = field->next) {
        if (field->type != XML_ELEMENT_NODE) continue;
        for (xmlNodePtr node = field->children; node; node = node->next) {
            if (node->type != XML_ELEMENT_NODE || !xmlStrEqual(node->name, BAD_CAST "field"))
                continue;
            xmlChar* fieldName = xmlGetProp(node, BAD_CAST "name");
            values[reinterpret_cast<const char*>(fieldName)] = textOf(node);
            xmlFree(fieldName);
        }
    }
    return values;
}

// Fills blank with values using pdftk (Debian's pdftk-java) and returns the new file.
inline std::string fillWithPdftk(const TempDir& dir, const std::string& blank,
                                 const std::map<std::string, std::string>& values,
                                 const std::string& name) {
    std::string xfdf =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<xfdf xmlns=\"http://ns.adobe.com/xfdf/\" xml:space=\"preserve\"><fields>\n";
    for (const auto& [field, value] : values)
        xfdf += "<field name=\"" + field + "\"><value>" + xmlEscaped(value) + "</value></field>\n";
    xfdf += "</fields></xfdf>\n";
    std::string data = dir.file(name + ".xfdf"), out = dir.file(name);
    writeFile(data, xfdf);
    Poco::ProcessHandle pdftk = Poco::Process::launch(
        "pdftk", {blank, "fill_form", data, "output", out}, nullptr, nullptr, nullptr);
    if (pdftk.wait() != 0) throw Poco::RuntimeException("pdftk could not fill the form");
    return out;
}

}  // namespace grantflow::test
