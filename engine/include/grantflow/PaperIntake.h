// Intake of what does not arrive as e-service XML: a filled PDF application
// form, and scanned paper (an image-only PDF, or a PNG, TIFF or JPEG scan).
//
// Promises:
// - a filled form becomes the same CheckedApplication an XML submission would:
//   same schema, same rules; its channel is "pdf-form", its original is the PDF,
//   and every problem is named by the field's label on the form;
// - a scan is accepted with channel "scanned-paper" and no application yet (a
//   registrar keys it in later, see PaperRegistration); its original is kept
//   byte for byte;
// - a PDF is only ever parsed in a sandboxed child process (PdfFieldReader), so a
//   hostile file is refused with a reason and never takes the caller down.
#pragma once

#include <Poco/Timestamp.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <grantflow/ApplicationIntake.h>
#include <grantflow/FormApplicationBuilder.h>
#include <grantflow/FormDefinition.h>
#include <grantflow/PdfFieldReader.h>

#include <string>
#include <string_view>

namespace grantflow {

struct PaperIntakeSettings {
    std::string formPath;        // forms/application-form.xml
    std::string formSchemaPath;  // schemas/application-form.xsd
    std::string readerPath = PdfFieldReader::defaultReaderPath();
    SandboxLimits limits;
    std::size_t maxBytes = 50 << 20;  // larger files are refused unread

    // The settings for a data folder holding forms/ and schemas/.
    static PaperIntakeSettings forDataDirectory(const std::string& dataDirectory);

    // The same, with what an administrator set: intake.pdf.reader (program path),
    // intake.pdf.cpuSeconds, intake.pdf.memoryMB, intake.pdf.wallSeconds,
    // intake.pdf.maxMB, and intake.form (the form definition).
    static PaperIntakeSettings fromConfiguration(
        const Poco::Util::AbstractConfiguration& configuration, const std::string& dataDirectory);
};

class PaperIntake {
public:
    // `intake` checks the application built from a form; it must outlive this object.
    PaperIntake(const ApplicationIntake& intake, PaperIntakeSettings settings);

    // True when this is for PaperIntake rather than XML intake: the bytes start
    // like a PDF, PNG, TIFF or JPEG, or the name ends in .pdf .png .tif .tiff .jpg .jpeg.
    static bool handles(const std::string& name, std::string_view bytes);

    // Thread-safe. A filled form: its application, checked. A scan: accepted with
    // channel scanned-paper and no application. Anything else: refused, with why.
    CheckedApplication check(std::string sourceName, std::string bytes,
                             const Poco::Timestamp& receivedAt = Poco::Timestamp()) const;

    // True for an accepted scan, which is registered with PaperRegistration::registerScan
    // instead of CaseStore::registerApplications.
    static bool needsKeying(const CheckedApplication& checked);

    const FormDefinition& form() const { return _form; }

private:
    CheckedApplication checkForm(CheckedApplication base, const PdfContents& contents,
                                 const std::string& lang, const Poco::Timestamp& receivedAt) const;

    const ApplicationIntake& _intake;
    PaperIntakeSettings _settings;
    FormDefinition _form;
    PdfFieldReader _reader;
};

}  // namespace grantflow
