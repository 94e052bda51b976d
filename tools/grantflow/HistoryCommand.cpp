// grantflow history DNR: every step of a case, with who, when and what.
#include "WorkflowCommand.h"

#include <iostream>

namespace grantflow::cli {

class HistoryCommand : public WorkflowCommand {
public:
    HistoryCommand()
        : WorkflowCommand("history", "DNR",
                          "Prints the case's event log, oldest first: when, who, what happened, details "
                          "(registration, workflow steps, tasks, timers, messages, services, incidents), "
                          "followed by where its workflows wait now. Tab-separated.") {}

protected:
    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.size() != 1) {
            complain("name one case (reference number)");
            return exitUsage;
        }
        engine();  // makes sure the workflow tables exist
        auto events = store().events(arguments[0]);
        if (events.empty()) {
            complain("no case is registered as '" + arguments[0] + "'");
            return exitRefused;
        }
        for (const auto& e : events) std::cout << e.at << "\t" << e.actor << "\t" << e.kind << "\t" << e.detail << "\n";
        for (const auto& w : engine().waitingPoints(arguments[0]))
            std::cout << "now\t-\twaiting\t" << w.node << " (" << w.kind << (w.detail.empty() ? "" : ", " + w.detail)
                      << ")\n";
        return exitOk;
    }
};

static RegisterCommand<HistoryCommand> registered("history", "show every step of a case: who, when, what");

}  // namespace grantflow::cli
