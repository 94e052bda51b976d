// grantflow validate FILE...: checks applications without storing anything.
#include "Command.h"
#include "InputFiles.h"

#include <grantflow/ApplicationIntake.h>
#include <grantflow/IntakePipeline.h>
#include <grantflow/PaperIntake.h>

#include <algorithm>

#include <iostream>

namespace grantflow::cli {

class ValidateCommand : public Command {
public:
    ValidateCommand()
        : Command("validate", "FILE|DIR...",
                  "Checks applications as submit would take them (XML files, filled PDF forms, scans) "
                  "against the schema and the rules of the grant, and lists every problem of each with its "
                  "line and element, or its form field. Stores nothing. Exit status 0 only if all are valid.") {}

protected:
    bool usesStore() const override { return false; }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.empty()) {
            complain("name at least one file or folder (see grantflow validate --help)");
            return exitUsage;
        }
        const IntakeSettings settings = intakeSettings();
        ApplicationIntake intake(settings);
        // PDF forms and scans are checked as submit would take them.
        const PaperIntakeSettings paperSettings = PaperIntakeSettings::fromConfiguration(config(), dataDirectory());
        PaperIntake paper(intake, paperSettings);
        const std::size_t largestDocument = std::max(settings.limits.maxBytes, paperSettings.maxBytes);
        const std::vector<std::string> paths = expandInputs(arguments);
        if (paths.empty()) {
            complain("no files to check in " + arguments.front() + (arguments.size() > 1 ? " ..." : ""));
            return exitRefused;
        }
        int refused = 0, files = 0;
        for (const std::string& path : paths) {
            ++files;
            CheckedApplication checked;
            try {
                std::string bytes = readWholeFile(path, largestDocument);
                checked = PaperIntake::handles(path, bytes) ? paper.check(path, std::move(bytes))
                                                            : intake.check(path, std::move(bytes));
            } catch (const Poco::Exception& e) {
                checked = unreadableDocument(path, e.displayText());
            }
            if (checked.accepted()) {
                std::cout << path << ": valid" << (PaperIntake::needsKeying(checked) ? " (a scan: keyed in later)" : "")
                          << "\n";
                continue;
            }
            ++refused;
            for (const Problem& problem : checked.problems) std::cerr << formatProblem(path, problem) << "\n";
        }
        std::cout << files << " checked, " << files - refused << " valid, " << refused << " refused\n";
        return refused ? exitRefused : exitOk;
    }
};

static RegisterCommand<ValidateCommand> registered("validate", "check applications without storing them");

}  // namespace grantflow::cli
