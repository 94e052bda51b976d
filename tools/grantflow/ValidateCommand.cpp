// grantflow validate FILE...: checks applications without storing anything.
#include "Command.h"
#include "InputFiles.h"

#include <grantflow/ApplicationIntake.h>
#include <grantflow/IntakePipeline.h>

#include <iostream>

namespace grantflow::cli {

class ValidateCommand : public Command {
public:
    ValidateCommand()
        : Command("validate", "FILE|DIR...",
                  "Checks applications against the schema and the rules of the grant, and lists every "
                  "problem of each with its line and element. Stores nothing. Exit status 0 only if all "
                  "are valid.") {}

protected:
    bool usesStore() const override { return false; }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.empty()) {
            complain("name at least one file or folder (see grantflow validate --help)");
            return exitUsage;
        }
        const IntakeSettings settings = intakeSettings();
        ApplicationIntake intake(settings);
        int refused = 0, files = 0;
        for (const std::string& path : expandInputs(arguments)) {
            ++files;
            CheckedApplication checked;
            try {
                checked = intake.check(path, readWholeFile(path, settings.limits.maxBytes));
            } catch (const Poco::Exception& e) {
                checked = unreadableDocument(path, e.displayText());
            }
            if (checked.accepted()) {
                std::cout << path << ": valid\n";
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
