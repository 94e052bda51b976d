// grantflow deploy FILE.bpmn...: checks BPMN files and stores a new version of each process.
#include "InputFiles.h"
#include "WorkflowCommand.h"


#include <iostream>

namespace grantflow::cli {

class DeployCommand : public WorkflowCommand {
public:
    DeployCommand()
        : WorkflowCommand("deploy", "FILE.bpmn...",
                          "Checks BPMN 2.0 files and stores a new version of every process in them (the key is "
                          "the process id). Running cases keep their version; new cases get the newest. A file "
                          "with anything grantflow cannot execute is refused whole, each problem with its line, "
                          "element type and id. Deploying unchanged bytes again makes no new version.") {}

protected:
    bool createsStore() const override { return true; }
    int execute(const std::vector<std::string>& files) override {
        if (files.empty()) {
            complain("name at least one BPMN file");
            return exitUsage;
        }
        int status = exitOk;
        for (const auto& file : files) {
            std::string bytes;
            try {
                bytes = readWholeFile(file);
            } catch (const Poco::Exception& e) {
                complain("cannot read " + file + ": " + e.displayText());
                status = exitRefused;
                continue;
            }
            auto result = engine().deploy(bytes, file, actor());
            if (!result.problems.empty()) {
                printProblems(file, result.problems);
                complain(file + " refused: " + std::to_string(result.problems.size()) + " problem(s); nothing deployed");
                status = exitRefused;
                continue;
            }
            for (std::size_t i = 0; i < result.deployed.size(); ++i) {
                const auto& v = result.deployed[i];
                std::cout << v.key << "\tversion " << v.version << "\t"
                          << (result.unchanged[i] ? "unchanged" : "deployed") << "\t" << file << "\n";
            }
        }
        return status;
    }
};

static RegisterCommand<DeployCommand> registered("deploy", "check a BPMN file and deploy a new version of its processes");

}  // namespace grantflow::cli
