// grantflow claim TASK --as USER: takes a task so no one else works on it.
#include "WorkflowCommand.h"

#include <Poco/Util/Option.h>

namespace grantflow::cli {

class ClaimCommand : public WorkflowCommand {
public:
    ClaimCommand()
        : WorkflowCommand("claim", "TASK",
                          "Claims an open task for the acting user (--as). Refused when the user holds none of "
                          "its roles, someone else claimed it, or the four-eyes rule keeps them from it.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Poco::Util::Option("release", "", "give the task back instead").binding("claim.release"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        const std::optional<long long> number = taskNumber(arguments);
        if (!number) {
            complain("name one task by its number (see grantflow tasks)");
            return exitUsage;
        }
        const long long task = *number;
        if (config().hasProperty("claim.release")) return report(engine().unclaim(task, actor()));
        return report(engine().claim(task, actor()));
    }
};

static RegisterCommand<ClaimCommand> registered("claim", "claim a task for the acting user");

}  // namespace grantflow::cli
