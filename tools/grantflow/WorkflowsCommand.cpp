// grantflow workflows: the deployed processes and their versions.
#include "WorkflowCommand.h"

#include <iostream>

namespace grantflow::cli {

class WorkflowsCommand : public WorkflowCommand {
public:
    WorkflowsCommand()
        : WorkflowCommand("workflows", "",
                          "Lists every deployed process version: key, version, name, when and by whom it was "
                          "deployed, from which file, and how many cases still run on it. Tab-separated.") {}

protected:
    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments");
            return exitUsage;
        }
        for (const auto& v : engine().versions())
            std::cout << v.key << "\t" << v.version << "\t" << v.name << "\t" << v.deployedAt << "\t" << v.deployedBy
                      << "\t" << v.source << "\t" << v.running << " running\n";
        return exitOk;
    }
};

static RegisterCommand<WorkflowsCommand> registered("workflows", "list deployed processes and their versions");

}  // namespace grantflow::cli
