// grantflow register DNR --fields FILE.xml: a registrar keys in the application
// of a case that arrived as scanned paper. The keyed-in XML goes through the same
// checks as any application before it joins the case.
#include <Poco/Util/Option.h>
#include <grantflow/PaperRegistration.h>

#include <iostream>

#include "Command.h"
#include "InputFiles.h"

namespace grantflow::cli {

class RegisterPaperCommand : public Command {
public:
    RegisterPaperCommand()
        : Command(
              "register", "DNR --fields FILE.xml",
              "Keys in the application of a case registered from scanned paper (state "
              "awaiting-keying): FILE.xml is the application as the registrar typed it from the "
              "scan, checked like any submitted application. Allowed once per case.") {}

protected:
    void defineCommandOptions(Poco::Util::OptionSet& options) override {
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
        auto store = openStore();
        Problems problems =
            PaperRegistration(*store).keyIn(arguments.front(), keyed, Poco::Timestamp(), actor());
        if (!problems.empty()) {
            for (const Problem& problem : problems)
                std::cerr << formatProblem(path, problem) << "\n";
            return exitRefused;
        }
        std::cout << arguments.front() << "\tkeyed in from " << path << "\n";
        return exitOk;
    }
};

static RegisterCommand<RegisterPaperCommand> registered("register",
                                                        "key in the application of a scanned case");

}  // namespace grantflow::cli
