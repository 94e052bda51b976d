// grantflow show DNR: prints one case document.
#include "Command.h"

#include <Poco/Util/Option.h>

#include <iostream>

namespace grantflow::cli {

class ShowCommand : public Command {
public:
    ShowCommand()
        : Command("show", "DNR",
                  "Prints the current case document of one case (XML), or with --events its event log. "
                  "DNR is the reference number, e.g. \"GF 2026-000123\" or 2026-123.") {}

protected:
    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Poco::Util::Option("events", "e", "print the event log instead").binding("show.events"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.size() != 1) {
            complain("name exactly one reference number (see grantflow show --help)");
            return exitUsage;
        }
        auto store = openStore();
        if (config().hasProperty("show.events")) {
            auto events = store->events(arguments[0]);
            if (events.empty()) return noSuchCase(arguments[0]);
            for (const CaseEvent& event : events)
                std::cout << event.at << "\t" << event.actor << "\t" << event.kind << "\t" << event.detail << "\n";
            return exitOk;
        }
        auto document = store->caseDocument(arguments[0]);
        if (!document) return noSuchCase(arguments[0]);
        std::cout << *document;
        return exitOk;
    }

private:
    int noSuchCase(const std::string& number) {
        complain("no case " + number);
        return exitRefused;
    }
};

static RegisterCommand<ShowCommand> registered("show", "print a case document");

}  // namespace grantflow::cli
