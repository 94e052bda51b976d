// Writes the blank, fillable application form as a PDF with PoDoFo: one A4
// page after another, every field of the form definition an AcroForm field
// (text, check box, drop-down), repeated rows for budget lines and activities,
// labels and help in the language asked for, and boxes drawn on the page so the
// form also reads when printed and filled in by hand.
//
// Promises: every field
// is named as FormDefinition says, so FormValues read back from a filled copy
// map onto the application XML; a hidden field marks the PDF as this form, in
// this version and language.
#pragma once

#include <grantflow/FormDefinition.h>

#include <string>

namespace grantflow::pdfform {

struct FormWriterSettings {
    // TrueType fonts for the printed text (labels, headings); embedded as subsets.
    std::string regularFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::string boldFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
};

class FormWriter {
public:
    FormWriter(const FormDefinition& form, FormWriterSettings settings = {})
        : _form(form), _settings(std::move(settings)) {}

    // The PDF bytes of the blank form in lang ("sv" or "en"). Throws
    // Poco::InvalidArgumentException for another language and
    // Poco::RuntimeException when PoDoFo fails (a missing font, say).
    std::string write(const std::string& lang) const;

private:
    const FormDefinition& _form;
    FormWriterSettings _settings;
};

}  // namespace grantflow::pdfform
