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
                          "element type and id; several files go in together, so one refused file deploys none of "
                          "them. Deploying unchanged bytes again makes no new version.") {}

protected:
    bool createsStore() const override { return true; }
    int execute(const std::vector<std::string>& files) override {
        if (files.empty()) {
            complain("name at least one BPMN file");
            return exitUsage;
        }
        // All or nothing: files deployed together belong together, and half of them
        // deployed would leave the other half to be sorted out by hand.
        workflow::StepBatch together(engine());
        std::vector<std::string> deployed;
        bool refused = false;
        for (const auto& file : files) {
            std::string bytes;
            try {
                bytes = readWholeFile(file);
            } catch (const Poco::Exception& e) {
                complain("cannot read " + file + ": " + e.displayText());
                refused = true;
                continue;
            }
            auto result = engine().deploy(bytes, file, actor());
            if (!result.problems.empty()) {
                printProblems(file, result.problems);
                complain(file + " refused: " + std::to_string(result.problems.size()) + " problem(s)");
                refused = true;
                continue;
            }
            for (const Problem& note : result.notes) std::cerr << formatProblem(file, note) << " (note)\n";
            for (std::size_t i = 0; i < result.deployed.size(); ++i) {
                const auto& v = result.deployed[i];
                deployed.push_back(v.key + "\tversion " + std::to_string(v.version) + "\t" +
                                   (result.unchanged[i] ? "unchanged" : "deployed") + "\t" + file);
            }
        }
        if (refused) {
            complain(files.size() == 1 ? "nothing deployed" : "nothing deployed: the files go in together or not at all");
            return exitRefused;  // `together` rolls back what the others deployed
        }
        together.commit();
        for (const auto& line : deployed) std::cout << line << "\n";
        return exitOk;
    }
};

static RegisterCommand<DeployCommand> registered("deploy", "check a BPMN file and deploy a new version of its processes");

}  // namespace grantflow::cli
