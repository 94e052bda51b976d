// grantflow submit FILE|DIR...: registers applications as cases.
#include "Command.h"
#include "InputFiles.h"

#include <grantflow/IntakePipeline.h>

#include <Poco/NumberParser.h>
#include <Poco/Util/Option.h>

#include <chrono>
#include <iostream>
#include <unistd.h>

namespace grantflow::cli {

using Poco::Util::Option;

class SubmitCommand : public Command {
public:
    SubmitCommand()
        : Command("submit", "FILE|DIR...",
                  "Registers each application as a case with a reference number (diarienummer). "
                  "Folders are read recursively. Prints one line per accepted document (reference "
                  "number, file), every problem of each refused one on stderr (file:line: element: "
                  "message), and a summary. A document already registered gives back its existing "
                  "case. Exit status 0 only if every document was accepted.") {}

protected:
    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("workers", "w", "threads that check documents (default: one per core)")
                              .argument("N")
                              .binding("submit.workers"));
        options.addOption(Option("quiet", "q", "print only problems and the summary").binding("submit.quiet"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.empty()) {
            complain("name at least one file or folder (see grantflow submit --help)");
            return exitUsage;
        }
        std::vector<std::string> files = expandInputs(arguments);
        ApplicationIntake intake(intakeSettings());
        auto store = openStore();
        IntakePipeline::Settings settings;
        settings.workers = static_cast<unsigned>(config().getUInt("submit.workers", 0));
        settings.actor = actor();
        IntakePipeline pipeline(intake, *store, settings);

        const bool quiet = config().hasProperty("submit.quiet");
        const bool showProgress = isatty(STDERR_FILENO) && files.size() > 20;
        std::size_t next = 0, done = 0;
        auto lastProgress = std::chrono::steady_clock::now();

        auto source = [&]() -> std::optional<ReceivedDocument> {
            if (next >= files.size()) return std::nullopt;
            const std::string& path = files[next++];
            return ReceivedDocument{path, readWholeFile(path)};
        };
        auto report = [&](const CheckedApplication& application, const RegisteredCase* registered) {
            ++done;
            if (showProgress) std::cerr << "\r\033[K";
            if (!registered) {
                for (const Problem& problem : application.problems)
                    std::cerr << formatProblem(application.sourceName, problem) << "\n";
            } else if (!quiet) {
                std::cout << registered->referenceNumber << "\t" << application.sourceName
                          << (registered->alreadyRegistered ? "\t(already registered)" : "") << "\n";
            }
            auto now = std::chrono::steady_clock::now();
            if (showProgress && now - lastProgress > std::chrono::milliseconds(200)) {
                std::cerr << "submitting: " << done << " of " << files.size() << std::flush;
                lastProgress = now;
            }
        };
        IntakeSummary summary = pipeline.run(source, report);
        if (showProgress) std::cerr << "\r\033[K";
        std::cout << "submitted " << files.size() << ": " << summary.accepted << " registered, "
                  << summary.alreadyRegistered << " already registered, " << summary.refused << " refused\n";
        return summary.refused ? exitRefused : exitOk;
    }
};

static RegisterCommand<SubmitCommand> registered("submit", "register applications as cases");

}  // namespace grantflow::cli
