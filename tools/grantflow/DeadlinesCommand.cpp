// grantflow deadlines: what 12 § förvaltningslagen asks of the agency now.
#include "WorkflowCommand.h"

#include <grantflow/workflow/IsoTime.h>

#include <Poco/Util/Option.h>

#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;

class DeadlinesCommand : public WorkflowCommand {
public:
    DeadlinesCommand()
        : WorkflowCommand("deadlines", "",
                          "Lists, one per line and tab-separated, the cases 12 § förvaltningslagen puts a "
                          "clock on: first every open request for a decision (DNR, decision-requested, "
                          "received, answer due, and OVERDUE once that day has passed), the nearest first; "
                          "then the undecided cases registered six months or more ago, whose party may ask "
                          "for a decision (DNR, may-request-decision, since), the oldest first.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("limit", "", "at most N lines of each kind (default 1000)")
                              .argument("N")
                              .binding("deadlines.limit"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments");
            return exitUsage;
        }
        const int limit = static_cast<int>(wholeNumber("deadlines.limit", 1000, 1, 100000000));
        const workflow::Instant now = engine().clock().now();
        for (const auto& d : engine().legalDeadlines(now, limit)) {
            std::cout << d.referenceNumber << "\t" << d.kind << "\t" << workflow::formatDay(d.since);
            if (d.kind == "decision-requested")
                std::cout << "\t" << workflow::formatDay(d.due) << (d.overdue ? "\tOVERDUE" : "");
            std::cout << "\n";
        }
        return exitOk;
    }
};

static RegisterCommand<DeadlinesCommand> registered("deadlines", "what 12 § förvaltningslagen asks of the agency now");

}  // namespace grantflow::cli
