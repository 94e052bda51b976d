// grantflow audit verify: checks the hash chain over the event log.
#include "Command.h"

#include <grantflow/AuditChain.h>

#include <iostream>

namespace grantflow::cli {

class AuditCommand : public Command {
public:
    AuditCommand()
        : Command("audit", "verify",
                  "verify: recomputes the SHA-256 chain over every event of the store, oldest first, and names "
                  "the first event where it breaks (an event changed, deleted or inserted around the engine). "
                  "Prints the number of events and the head hash, which can be recorded outside the database to "
                  "detect the newest events being cut off as well. Exit status 0 when intact, 1 when broken.") {}

protected:
    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.size() != 1 || arguments[0] != "verify") {
            complain("the only action is 'verify' (see grantflow audit --help)");
            return exitUsage;
        }
        auto store = openStore();
        AuditReport report = verifyAuditChain(store->session());
        if (!report.intact) {
            complain("chain broken at event " + std::to_string(report.brokenAt) + ": " + report.reason);
            std::cout << "broken\tevent " << report.brokenAt << "\t" << report.eventsChecked << " event(s) checked\n";
            return exitRefused;
        }
        std::cout << "intact\t" << report.eventsChecked << " event(s)\thead " << report.headEvent << " "
                  << (report.headHash.empty() ? "-" : report.headHash) << "\n";
        return exitOk;
    }
};

static RegisterCommand<AuditCommand> registered("audit", "verify the hash chain of the event log");

}  // namespace grantflow::cli
