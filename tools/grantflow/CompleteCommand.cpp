// grantflow complete TASK --as USER --outcome FILE.xml: finishes a user task.
#include "InputFiles.h"
#include "WorkflowCommand.h"

#include <Poco/Util/Option.h>

namespace grantflow::cli {

class CompleteCommand : public WorkflowCommand {
public:
    CompleteCommand()
        : WorkflowCommand("complete", "TASK",
                          "Completes a task as the acting user (--as). The outcome document is validated against "
                          "schemas/outcomes/FORM.xsd of the task's form and merged into the case document; the "
                          "case then moves on to its next waiting point, all in one transaction.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Poco::Util::Option("outcome", "", "the outcome document (XML)")
                              .argument("FILE")
                              .binding("complete.outcome"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        const std::optional<long long> number = taskNumber(arguments);
        if (!number) {
            complain("name one task by its number (see grantflow tasks)");
            return exitUsage;
        }
        const long long task = *number;
        std::string outcome, file = setting("complete.outcome", "");
        if (!file.empty()) {
            try {
                outcome = readWholeFile(file);
            } catch (const Poco::Exception& e) {
                complain("cannot read " + file + ": " + e.displayText());
                return exitRefused;
            }
        }
        return report(engine().complete(task, actor(), outcome), file);
    }
};

static RegisterCommand<CompleteCommand> registered("complete", "complete a task with an outcome document");

}  // namespace grantflow::cli
