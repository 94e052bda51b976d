// grantflow audit verify: checks the hash chain over the event log.
#include "Command.h"

#include <grantflow/AuditChain.h>

#include <Poco/Util/Option.h>

#include <iostream>

namespace grantflow::cli {

class AuditCommand : public Command {
public:
    AuditCommand()
        : Command("audit", "verify",
                  "verify: recomputes the SHA-256 chain over every event of the store, oldest first, and names "
                  "the first event where it breaks (an event changed, deleted or inserted around the engine). "
                  "Prints the number of events and the head hash, which can be recorded outside the database to "
                  "detect the newest events being cut off as well (--head). Exit status 0 when intact, 1 when broken.") {}

protected:
    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Poco::Util::Option("head", "", "a head hash printed by an earlier verify: it must still be "
                                                         "in the chain, else events were cut off since")
                              .argument("HASH")
                              .binding("audit.head"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.size() != 1 || arguments[0] != "verify") {
            complain("the only action is 'verify' (see grantflow audit --help)");
            return exitUsage;
        }
        auto store = openStore();
        const std::string anchor = setting("audit.head", "");
        AuditReport report = verifyAuditChain(store->session(), anchor);
        if (!report.intact) {
            complain("chain broken at event " + std::to_string(report.brokenAt) + ": " + report.reason);
            std::cout << "broken\tevent " << report.brokenAt << "\t" << report.eventsChecked << " event(s) checked\n";
            return exitRefused;
        }
        if (!anchor.empty() && !report.anchorFound) {
            complain("the recorded head " + anchor + " is no longer in the chain: events were cut off");
            std::cout << "broken\thead missing\t" << report.eventsChecked << " event(s) checked\n";
            return exitRefused;
        }
        std::cout << "intact\t" << report.eventsChecked << " event(s)\thead " << report.headEvent << " "
                  << (report.headHash.empty() ? "-" : report.headHash) << "\n";
        return exitOk;
    }
};

static RegisterCommand<AuditCommand> registered("audit", "verify the hash chain of the event log");

}  // namespace grantflow::cli
