// The intake path for one received document: bytes -> hardened parse -> XSD ->
// rules of DOMAIN.md. Nothing here touches the store, so it can run on many
// threads while a single writer stores what was accepted.
#pragma once

#include <grantflow/ApplicationRules.h>
#include <grantflow/Problem.h>
#include <grantflow/SafeXmlParser.h>
#include <grantflow/SchemaValidator.h>

#include <string>
#include <string_view>

namespace grantflow {

// How a document reached the agency (DESIGN.md: registration/channel).
namespace channel {
inline constexpr const char* xml = "xml";
inline constexpr const char* pdfForm = "pdf-form";
inline constexpr const char* scannedPaper = "scanned-paper";
}  // namespace channel

// An application that went through intake, accepted or not.
struct CheckedApplication {
    std::string sourceName;      // file name or other label the sender used
    std::string channel = channel::xml;
    std::string mediaType = "application/xml";
    std::string original;        // the bytes exactly as received
    std::string sha256;          // hex SHA-256 of `original`
    std::string applicationXml;  // the parsed application element, re-serialised as UTF-8
    Problems problems;           // empty when accepted

    // What the case list shows, read from the application.
    std::string grant, organisation, orgNumber, title, kind, lang;
    long long requested = 0;

    bool accepted() const { return problems.empty(); }
};

struct IntakeSettings {
    std::string schemaPath;  // schemas/application.xsd
    ParseLimits limits;
    std::set<std::string> knownGrants = {"aterv-projektstod"};
};

class ApplicationIntake {
public:
    explicit ApplicationIntake(const IntakeSettings& settings);

    // Thread-safe. Runs every check and collects every problem.
    CheckedApplication check(std::string sourceName, std::string bytes) const;

private:
    SafeXmlParser _parser;
    SchemaValidator _schema;
    ApplicationRules _rules;
};

// Lower-case hex SHA-256 of bytes.
std::string sha256Hex(std::string_view bytes);

}  // namespace grantflow
