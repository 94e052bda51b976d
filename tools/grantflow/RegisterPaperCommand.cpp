// grantflow register DNR --fields FILE.xml: a registrar keys in the application
// of a case that arrived as scanned paper. The keyed-in XML goes through the same
// checks as any application before it joins the case, and the case's review
// starts, as it does for an application submitted whole.
#include <Poco/Util/Option.h>
#include <grantflow/PaperRegistration.h>

#include <iostream>

#include "InputFiles.h"
#include "WorkflowCommand.h"

namespace grantflow::cli {

class RegisterPaperCommand : public WorkflowCommand {
public:
    RegisterPaperCommand()
        : WorkflowCommand(
              "register", "DNR --fields FILE.xml",
              "Keys in the application of a case registered from scanned paper (state "
              "awaiting-keying): FILE.xml is the application as the registrar typed it from the "
              "scan, checked like any submitted application. Allowed once per case. The case's "
              "review then starts (the acknowledgement of receipt goes out with it), unless "
              "--no-start is given or no review workflow is deployed.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Poco::Util::Option("no-start", "", "key in only; start no workflow").binding("register.noStart"));
        options.addOption(Poco::Util::Option("fields", "f", "the keyed-in application (XML)")
                              .argument("FILE")
                              .binding("register.fields"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.size() != 1 || !config().hasProperty("register.fields")) {
            complain(
                "give one reference number and --fields FILE.xml (see grantflow register --help)");
            return exitUsage;
        }
        std::string path = config().getString("register.fields");
        std::string bytes;
        try {
            bytes = readWholeFile(path);
        } catch (const Poco::Exception& e) {
            complain("cannot read " + path + ": " + e.displayText());
            return exitRefused;
        }
        ApplicationIntake intake(intakeSettings());
        CheckedApplication keyed = intake.check(path, std::move(bytes));
        keyed.channel = channel::scannedPaper;
        Problems problems = PaperRegistration(store()).keyIn(arguments.front(), keyed, Poco::Timestamp(), actor());
        if (!problems.empty()) {
            for (const Problem& problem : problems)
                std::cerr << formatProblem(path, problem) << "\n";
            return exitRefused;
        }
        std::cout << arguments.front() << "\tkeyed in from " << path << "\n";
        if (config().hasProperty("register.noStart")) return exitOk;
        // A keyed-in case left unstarted sent no acknowledgement and waited unnoticed.
        workflow::Outcome started = engine().startCase(arguments.front(), "", actor());
        if (started.code == "no-such-process") {
            complain("no review workflow is deployed, so the case waits in state registered: deploy one, then "
                     "grantflow start " + arguments.front());
            return exitOk;
        }
        return report(started);
    }
};

static RegisterCommand<RegisterPaperCommand> registered("register",
                                                        "key in the application of a scanned case");

}  // namespace grantflow::cli
