// grantflow submit FILE|DIR...: registers applications as cases and starts their review.
#include "InputFiles.h"
#include "WorkflowCommand.h"

#include <grantflow/IntakePipeline.h>
#include <grantflow/PaperIntake.h>

#include <Poco/Util/Option.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <unistd.h>

namespace grantflow::cli {

using Poco::Util::Option;

class SubmitCommand : public WorkflowCommand {
public:
    SubmitCommand()
        : WorkflowCommand(
              "submit", "FILE|DIR...",
              "Registers each application as a case with a reference number (diarienummer): e-service "
              "XML, filled-in PDF application forms, and scans (PDF, PNG, TIFF, JPEG), which wait for a "
              "registrar to key them in. Folders are read recursively. Each new case starts the latest "
              "deployed review workflow (grant-review unless workflow.defaultProcess says otherwise). "
              "Prints one line per accepted document (reference number, file), every problem of each "
              "refused one on stderr (file:line: element: message), and a summary. A document already "
              "registered gives back its existing case. Exit status 0 only if every document was "
              "accepted.") {}

protected:
    bool createsStore() const override { return true; }
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("workers", "w", "threads that check documents (default: one per core)")
                              .argument("N")
                              .binding("submit.workers"));
        options.addOption(Option("quiet", "q", "print only problems and the summary").binding("submit.quiet"));
        options.addOption(Option("no-start", "", "register only; start no workflow").binding("submit.noStart"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.empty()) {
            complain("name at least one file or folder (see grantflow submit --help)");
            return exitUsage;
        }
        std::vector<std::string> files = expandInputs(arguments);
        const IntakeSettings checks = intakeSettings();
        ApplicationIntake intake(checks);
        const PaperIntakeSettings paperSettings = PaperIntakeSettings::fromConfiguration(config(), dataDirectory());
        PaperIntake paper(intake, paperSettings);
        // Anything larger is refused by both intakes: it is not read at all.
        const std::size_t largestDocument = std::max(checks.limits.maxBytes, paperSettings.maxBytes);
        auto check = [&](std::string name, std::string bytes) {
            if (PaperIntake::handles(name, bytes)) return paper.check(std::move(name), std::move(bytes));
            return intake.check(std::move(name), std::move(bytes));
        };
        IntakePipeline::Settings settings;
        settings.workers = static_cast<unsigned>(wholeNumber("submit.workers", 0, 0, 256));
        settings.actor = actor();
        IntakePipeline pipeline(check, store(), settings);
        const bool startWorkflows = !config().hasProperty("submit.noStart") && processDeployed();

        const bool quiet = config().hasProperty("submit.quiet");
        const bool showProgress = isatty(STDERR_FILENO) && files.size() > 20;
        std::size_t next = 0, done = 0, started = 0;
        auto lastProgress = std::chrono::steady_clock::now();

        auto source = [&]() -> std::optional<ReceivedDocument> {
            if (next >= files.size()) return std::nullopt;
            const std::string& path = files[next++];
            try {
                return ReceivedDocument{path, readWholeFile(path, largestDocument), ""};
            } catch (const Poco::Exception& e) {
                return ReceivedDocument{path, "", e.displayText()};
            }
        };
        auto report = [&](const CheckedApplication& application, const RegisteredCase* registered) {
            ++done;
            if (showProgress) std::cerr << "\r\033[K";
            if (!registered) {
                for (const Problem& problem : application.problems)
                    std::cerr << formatProblem(application.sourceName, problem) << "\n";
            } else {
                // Called on the storing thread between transactions, so the engine may use the store.
                // A case registered before gets its review too if it has none yet: a
                // submit killed between registering and starting left such cases.
                if (startWorkflows && !PaperIntake::needsKeying(application))
                    started += startReview(registered->referenceNumber);
                if (!quiet)
                    std::cout << registered->referenceNumber << "\t" << application.sourceName
                              << (registered->alreadyRegistered ? "\t(already registered)" : "")
                              << (PaperIntake::needsKeying(application) ? "\t(scan: waits for keying in)" : "")
                              << "\n";
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
                  << summary.alreadyRegistered << " already registered, " << summary.refused << " refused";
        if (startWorkflows) std::cout << "; " << started << " review(s) started";
        std::cout << "\n";
        return summary.refused ? exitRefused : exitOk;
    }

private:
    // Whether the review workflow new cases start has been deployed.
    bool processDeployed() {
        const std::string key = setting("workflow.defaultProcess", "grant-review");
        for (const auto& version : engine().versions())
            if (version.key == key) return true;
        std::cerr << "grantflow submit: no '" << key << "' workflow is deployed, so cases wait in state "
                  << "registered (deploy one with: grantflow deploy workflows/" << key << ".bpmn)\n";
        return false;
    }

    int startReview(const std::string& referenceNumber) {
        workflow::Outcome outcome = engine().startCase(referenceNumber, "", actor());
        if (outcome.ok) return outcome.code.empty() ? 1 : 0;  // else it runs, or ran, already
        complain(referenceNumber + ": the review did not start: " + outcome.message);
        return 0;
    }
};

static RegisterCommand<SubmitCommand> registered("submit", "register applications as cases and start their review");

}  // namespace grantflow::cli
