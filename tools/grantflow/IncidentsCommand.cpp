// grantflow incidents [--retry ID]: jobs that kept failing, and retrying them.
#include "WorkflowCommand.h"

#include <Poco/NumberParser.h>
#include <Poco/Util/Option.h>

#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;

class IncidentsCommand : public WorkflowCommand {
public:
    IncidentsCommand()
        : WorkflowCommand("incidents", "",
                          "Lists open incidents (a service task that failed every retry): id, case, task, when, "
                          "last error. --retry ID puts the job back to run again.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("retry", "", "run the incident's job again").argument("ID").binding("incidents.retry"));
        options.addOption(Option("all", "", "include resolved incidents").binding("incidents.all"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments");
            return exitUsage;
        }
        std::string retry = setting("incidents.retry", "");
        if (!retry.empty()) {
            Poco::Int64 id = 0;
            if (!Poco::NumberParser::tryParse64(retry, id)) {
                complain("--retry wants an incident number");
                return exitUsage;
            }
            return report(engine().retryIncident(id, actor()));
        }
        for (const auto& i : engine().incidents(config().hasProperty("incidents.all")))
            std::cout << i.id << "\t" << i.referenceNumber << "\t" << i.node << "\t" << i.createdAt << "\t"
                      << i.message << "\n";
        return exitOk;
    }
};

static RegisterCommand<IncidentsCommand> registered("incidents", "list failed jobs, and retry them");

}  // namespace grantflow::cli
