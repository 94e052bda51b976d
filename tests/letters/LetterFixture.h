// A letter service configured as the shipped one (forms/letters, DejaVu), and
// case documents built from the example applications.
#pragma once

#include <Poco/Logger.h>
#include <Poco/Util/MapConfiguration.h>

#include <memory>
#include <string>

#include "LetterService.h"
#include "PdfTools.h"
#include "TestSupport.h"

namespace grantflow::test {

inline const std::vector<std::string>& exampleApplications() {
    static const std::vector<std::string> names = {
        "01-information-bosnia.xml", "02-forstudie-minimal.xml", "03-reintegration-large.xml",
        "04-kommun-english.xml"};
    return names;
}

inline const std::vector<std::string>& letterTypes() {
    static const std::vector<std::string> types = {
        "acknowledgement", "supplement-request", "grant",     "grant-in-part",
        "refusal",         "dismissal",          "write-off", "final-report-reminder"};
    return types;
}

// The sample case for `type` with its <application> replaced by the example
// application `name` (the application's XML declaration and comments dropped).
inline std::string caseFor(const std::string& type, const std::string& name) {
    std::string sample = readFile(dataPath("cases/" + type + ".xml"));
    std::string application = readFile(dataPath("applications/valid/" + name));
    auto from = application.find("<application");
    application = application.substr(from);
    auto start = sample.find("<application"),
         end = sample.find("</application>") + std::string("</application>").size();
    return sample.substr(0, start) + application + sample.substr(end);
}

struct LetterFixture {
    LetterFixture() {
        configuration->setString("grantflow.dataDir", GRANTFLOW_SOURCE_DIR);
        service = std::make_unique<letters::LetterService>(*configuration,
                                                           Poco::Logger::get("letters-test"));
    }

    // Renders and writes the PDF into the fixture's folder; returns its path.
    std::string renderToFile(const std::string& caseXml, const std::string& type,
                             const std::string& name) {
        letters::RenderedLetter letter = service->render(caseXml, type);
        std::string path = folder.file(name);
        writeFile(path, letter.pdf);
        return path;
    }

    Poco::AutoPtr<Poco::Util::MapConfiguration> configuration{new Poco::Util::MapConfiguration};
    std::unique_ptr<letters::LetterService> service;
    TempDir folder;
};

}  // namespace grantflow::test
