// grantflow letter DNR --type TYPE --out FILE.pdf: renders one letter of a case
// again, through the letter plugin, from the case in the store (or from a case
// document file with --case). The PDF appears whole or not at all.
#include <Poco/Util/Option.h>
#include <grantflow/CaseStore.h>
#include <grantflow/SafeXmlParser.h>
#include <grantflow/plugin/FileDocumentStore.h>
#include <grantflow/plugin/PluginHost.h>

#include <iostream>

#include "Command.h"
#include "InputFiles.h"

namespace grantflow::cli {

class LetterCommand : public Command {
public:
    LetterCommand()
        : Command("letter", "[DNR]",
                  "Renders a letter of the case DNR as PDF with the letter plugin (service "
                  "letter.pdf). TYPE is acknowledgement, supplement-request, communication (25 § FL), grant, "
                  "grant-in-part, refusal, dismissal, write-off, final-report-reminder, decision-request-refusal "
                  "(12 § FL), or decision (the letter the recorded outcome asks for). The letter is in the "
                  "application's language unless --lang says otherwise. With --case FILE the case document is "
                  "read from that file "
                  "instead of the store.") {}

protected:
    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        using Poco::Util::Option;
        options.addOption(Option("type", "t", "which letter")
                              .argument("TYPE")
                              .required(true)
                              .binding("letter.type"));
        options.addOption(Option("out", "o", "the PDF file to write")
                              .argument("FILE")
                              .required(true)
                              .binding("letter.out"));
        options.addOption(Option("lang", "", "sv or en, instead of the application's language")
                              .argument("LANG")
                              .binding("letter.lang"));
        options.addOption(Option("case", "", "read the case document from this file")
                              .argument("FILE")
                              .binding("letter.case"));
        options.addOption(
            Option("plugins", "", "the plugin folder").argument("DIR").binding("plugins.dir"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        std::string caseFile = setting("letter.case", "");
        if (arguments.size() > 1 || (arguments.empty() == caseFile.empty())) {
            complain(
                "name one reference number or give --case FILE, not both (see grantflow letter --help)");
            return exitUsage;
        }
        std::string referenceNumber =
            arguments.empty() ? "" : ReferenceNumber::parse(arguments[0]).toString();
        std::string caseDocument;
        if (!caseFile.empty()) {
            try {
                caseDocument = readWholeFile(caseFile);
            } catch (const Poco::Exception& e) {
                complain("cannot read " + caseFile + ": " + e.displayText());
                return exitRefused;
            }
            // A file from outside the store is parsed as any outside XML is (no DTD, no
            // entities) before the plugin sees it, and its faults are named by line.
            const Problems problems = SafeXmlParser().parse(caseDocument).problems;
            if (!problems.empty()) {
                for (const Problem& problem : problems) std::cerr << formatProblem(caseFile, problem) << "\n";
                complain(caseFile + " is not a case document that can be read");
                return exitRefused;
            }
        } else {
            auto store = openStore();
            auto document = store->caseDocument(referenceNumber);
            if (!document) {
                complain("no case " + referenceNumber);
                return exitRefused;
            }
            caseDocument = *document;
        }

        auto host = loadPlugins();
        auto service = host->createService("letter.pdf", config());

        plugin::ServiceRequest request;
        request.referenceNumber = referenceNumber;
        request.caseDocument = std::move(caseDocument);
        request.parameters["type"] = setting("letter.type", "");
        if (config().hasProperty("letter.lang"))
            request.parameters["lang"] = setting("letter.lang", "");
        plugin::FileDocumentStore file(setting("letter.out", ""));
        plugin::ServiceResult result = service->run(request, file);
        service.reset();
        if (!result.ok) {
            complain(result.code + ": " + result.message + " (no file was written)");
            return exitRefused;
        }
        for (const auto& document : result.documents)
            std::cout << "wrote " << document.id << " (" << document.size << " bytes)\n";
        return exitOk;
    }
};

static RegisterCommand<LetterCommand> registered("letter", "render a letter of a case as PDF");

}  // namespace grantflow::cli
