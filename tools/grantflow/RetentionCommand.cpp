// grantflow retention: purges finished workflow rows older than the archive rules keep.
#include "WorkflowCommand.h"

#include <grantflow/workflow/IsoTime.h>

#include <Poco/Util/Option.h>

#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;
using namespace grantflow::workflow;

class RetentionCommand : public WorkflowCommand {
public:
    RetentionCommand()
        : WorkflowCommand("retention", "",
                          "Deletes the task and instance rows of workflows that ended longer ago than the "
                          "retention period (--keep, else the setting workflow.retention, else P10Y), so the "
                          "runtime tables hold work in progress and recent history only. The case documents, "
                          "their versions and the event log are kept: they follow the archive rules, not this.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("keep", "", "how long ended workflows are kept, ISO 8601 (e.g. P10Y)")
                              .argument("DURATION")
                              .binding("workflow.retention"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments");
            return exitUsage;
        }
        std::string keep = setting("workflow.retention", "P10Y");
        auto period = IsoDuration::parse(keep);
        if (!period) {
            complain("the retention period '" + keep + "' is not an ISO 8601 duration such as P10Y");
            return exitUsage;
        }
        Instant now = engine().clock().now();
        // The cut-off is now minus the period: step back year, month and day fields alike.
        IsoDuration back = *period;
        back.years = -back.years;
        back.months = -back.months;
        back.weeks = -back.weeks;
        back.days = -back.days;
        back.hours = -back.hours;
        back.minutes = -back.minutes;
        back.seconds = -back.seconds;
        Instant before = addCalendar(now, back);
        long long purged = engine().purgeFinished(before);
        std::cout << purged << " finished workflow(s) ended before " << formatInstant(before) << " purged\n";
        return exitOk;
    }
};

static RegisterCommand<RetentionCommand> registered("retention", "purge finished workflows older than the retention period");

}  // namespace grantflow::cli
