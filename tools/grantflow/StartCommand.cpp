// grantflow start DNR: starts a workflow for a registered case.
#include "WorkflowCommand.h"

#include <grantflow/ReferenceNumber.h>

#include <Poco/Util/Option.h>

namespace grantflow::cli {

using Poco::Util::Option;

class StartCommand : public WorkflowCommand {
public:
    StartCommand()
        : WorkflowCommand("start", "DNR...",
                          "Starts the newest version of a process for registered cases (default: the grant "
                          "review) and runs each to its first waiting point. A case that already runs the "
                          "process is left as it is.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("process", "", "the process key (default: grant-review)")
                              .argument("KEY")
                              .binding("workflow.process"));
    }

    int execute(const std::vector<std::string>& cases) override {
        if (cases.empty()) {
            complain("name at least one case (reference number)");
            return exitUsage;
        }
        int status = exitOk;
        for (const auto& dnr : cases) {
            auto outcome = engine().startCase(dnr, setting("workflow.process", ""), actor());
            if (outcome.ok) outcome.message = ReferenceNumber::parse(dnr).toString() + ": " + outcome.message;
            if (report(outcome) != exitOk) status = exitRefused;
        }
        return status;
    }
};

static RegisterCommand<StartCommand> registered("start", "start a case's workflow");

}  // namespace grantflow::cli
