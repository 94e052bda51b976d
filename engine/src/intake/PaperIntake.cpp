#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <grantflow/PaperIntake.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace grantflow {

namespace {

bool startsWith(std::string_view bytes, std::string_view prefix) {
    return bytes.size() >= prefix.size() && bytes.compare(0, prefix.size(), prefix) == 0;
}

// "%PDF-" may follow some junk; readers look in the first kilobyte, so do we.
bool looksLikePdf(std::string_view bytes) {
    return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

// The media type of a scan, from its first bytes; empty when it is not one.
std::string imageType(std::string_view bytes) {
    if (startsWith(bytes, "\x89PNG\r\n\x1a\n")) return "image/png";
    if (startsWith(bytes, std::string_view("II*\0", 4)) ||
        startsWith(bytes, std::string_view("MM\0*", 4)))
        return "image/tiff";
    if (startsWith(bytes, "\xFF\xD8\xFF")) return "image/jpeg";
    return {};
}

std::string lowerExtension(const std::string& name) {
    std::size_t dot = name.rfind('.');
    if (dot == std::string::npos) return {};
    std::string extension = name.substr(dot + 1);
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return extension;
}

void refuse(CheckedApplication& checked, const std::string& code, const std::string& message) {
    checked.problems.push_back({code, "", 0, 0, message});
}

}  // namespace

PaperIntakeSettings PaperIntakeSettings::forDataDirectory(const std::string& dataDirectory) {
    PaperIntakeSettings settings;
    settings.formPath = dataDirectory + "/forms/application-form.xml";
    settings.formSchemaPath = dataDirectory + "/schemas/application-form.xsd";
    return settings;
}

PaperIntakeSettings PaperIntakeSettings::fromConfiguration(
    const Poco::Util::AbstractConfiguration& configuration, const std::string& dataDirectory) {
    PaperIntakeSettings settings = forDataDirectory(dataDirectory);
    settings.formPath = configuration.getString("intake.form", settings.formPath);
    settings.readerPath = configuration.getString("intake.pdf.reader", settings.readerPath);
    settings.limits.cpuSeconds =
        configuration.getInt("intake.pdf.cpuSeconds", settings.limits.cpuSeconds);
    settings.limits.wallSeconds =
        configuration.getInt("intake.pdf.wallSeconds", settings.limits.wallSeconds);
    settings.limits.memoryBytes =
        configuration.getUInt64("intake.pdf.memoryMB", settings.limits.memoryBytes >> 20) << 20;
    settings.maxBytes = configuration.getUInt64("intake.pdf.maxMB", settings.maxBytes >> 20) << 20;
    return settings;
}

PaperIntake::PaperIntake(const ApplicationIntake& intake, PaperIntakeSettings settings)
    : _intake(intake),
      _settings(std::move(settings)),
      _form(FormDefinition::load(_settings.formPath, _settings.formSchemaPath)),
      _reader(_settings.readerPath, _settings.limits) {}

bool PaperIntake::handles(const std::string& name, std::string_view bytes) {
    if (looksLikePdf(bytes) || !imageType(bytes).empty()) return true;
    static const std::set<std::string> extensions = {"pdf", "png", "tif", "tiff", "jpg", "jpeg"};
    return extensions.count(lowerExtension(name)) > 0;
}

bool PaperIntake::needsKeying(const CheckedApplication& checked) {
    return checked.accepted() && checked.channel == channel::scannedPaper;
}

CheckedApplication PaperIntake::check(std::string sourceName, std::string bytes,
                                      const Poco::Timestamp& receivedAt) const {
    CheckedApplication checked;
    checked.sourceName = std::move(sourceName);
    checked.sha256 = sha256Hex(bytes);
    checked.original = std::move(bytes);
    const std::string& original = checked.original;

    if (original.size() > _settings.maxBytes) {
        refuse(checked, "too-large",
               "the file is " + std::to_string(original.size() >> 20) + " MB; at most " +
                   std::to_string(_settings.maxBytes >> 20) + " MB is accepted");
        return checked;
    }
    if (std::string type = imageType(original); !type.empty()) {
        // A scan is stored as it came; nothing in it is parsed here.
        checked.channel = channel::scannedPaper;
        checked.mediaType = type;
        return checked;
    }
    checked.mediaType = "application/pdf";
    if (!looksLikePdf(original)) {
        refuse(checked, "not-pdf", "the file is neither a PDF nor a PNG, TIFF or JPEG scan");
        return checked;
    }
    PdfContents contents = _reader.read(original);
    if (!contents.ok) {
        refuse(checked, "pdf-" + contents.failureCode, contents.failure);
        return checked;
    }

    auto marker = contents.fields.find(FormDefinition::markerFieldName());
    if (marker != contents.fields.end()) {
        // "application 1 sv": this form, this version, printed in Swedish.
        std::string expected = _form.markerValue("");
        const std::string& value = marker->second;
        if (value.compare(0, expected.size(), expected) != 0) {
            refuse(checked, "form-version",
                   "the PDF is a version of the application form this system does not read (" +
                       value + ")");
            return checked;
        }
        std::string lang = value.substr(expected.size());
        return checkForm(std::move(checked), contents, lang == "en" ? "en" : "sv", receivedAt);
    }
    if (contents.pages > 0 && contents.imagePages == contents.pages) {
        checked.channel = channel::scannedPaper;
        return checked;
    }
    if (contents.encrypted) {
        refuse(checked, "pdf-encrypted",
               "the PDF is encrypted (an owner password restricts it), so its form fields cannot be read: send "
               "it saved without protection");
        return checked;
    }
    refuse(checked, "not-application",
           "the PDF is neither the application form nor a scan: use the form from 'grantflow form' "
           "or send "
           "the paper application scanned");
    return checked;
}

CheckedApplication PaperIntake::checkForm(CheckedApplication base, const PdfContents& contents,
                                          const std::string& lang,
                                          const Poco::Timestamp& receivedAt) const {
    std::string received =
        Poco::DateTimeFormatter::format(receivedAt, Poco::DateTimeFormat::ISO8601_FORMAT);
    BuiltApplication built = FormApplicationBuilder(_form).build(contents.fields, lang, received);

    // From here on, the same path as an e-service XML document.
    CheckedApplication checked = _intake.check(base.sourceName, built.xml);
    checked.channel = channel::pdfForm;
    checked.mediaType = "application/pdf";
    checked.original = std::move(base.original);
    checked.sha256 = std::move(base.sha256);

    // The form's own findings first; a later finding on a field already named is
    // the same fault, and while required fields are empty the schema's complaints
    // about missing elements only repeat that.
    Problems problems = built.problems;
    std::set<std::string> named;
    bool requiredMissing = false;
    for (const Problem& problem : problems) {
        named.insert(problem.path);
        requiredMissing = requiredMissing || problem.code == "form-required";
    }
    for (const Problem& problem : checked.problems) {
        Problem onForm = built.onForm(problem);
        if (!onForm.path.empty() && named.count(onForm.path)) continue;
        if (requiredMissing && problem.code == "schema" &&
            problem.message.find("a required element is missing") == 0)
            continue;
        named.insert(onForm.path);
        problems.push_back(std::move(onForm));
    }
    checked.problems = std::move(problems);
    return checked;
}

}  // namespace grantflow
