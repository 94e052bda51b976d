// grantflow request-decision DNR [--received INSTANT] [--refuse REASONS]: a party's
// written request that its case be decided (12 § förvaltningslagen), or the
// agency's refusal of it.
#include "WorkflowCommand.h"

#include <grantflow/workflow/IsoTime.h>

#include <Poco/String.h>
#include <Poco/Util/Option.h>

namespace grantflow::cli {

using Poco::Util::Option;

class RequestDecisionCommand : public WorkflowCommand {
public:
    RequestDecisionCommand()
        : WorkflowCommand("request-decision", "DNR",
                          "Registers the party's written request that the case be decided (begäran om "
                          "avgörande, 12 § förvaltningslagen). A party may ask once the case is six months "
                          "old and undecided; the agency must then decide it, or refuse the request in a "
                          "decision of its own, within four weeks. Deciding the case answers the request; "
                          "--refuse records a refusal with its reasons and makes its letter "
                          "(decision-request-refusal), kept with the case. Earlier, decided or closed cases are "
                          "refused with the reason. grantflow deadlines lists what is due.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("received", "", "when the request came in (ISO 8601; default: now)")
                              .argument("INSTANT")
                              .binding("request.received"));
        options.addOption(Option("refuse", "", "refuse the open request, for these reasons")
                              .argument("REASONS")
                              .binding("request.refuse"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.size() != 1 || Poco::trim(arguments[0]).empty()) {
            complain("name one case: grantflow request-decision DNR [--received INSTANT | --refuse REASONS]");
            return exitUsage;
        }
        const std::string& dnr = arguments[0];
        if (config().hasProperty("request.refuse")) {
            std::string reasons = Poco::trim(config().getString("request.refuse"));
            if (reasons.empty() || config().hasProperty("request.received")) {
                complain("--refuse wants the reasons of the refusal, and takes no --received");
                return exitUsage;
            }
            return report(engine().refuseDecisionRequest(dnr, reasons, actor()));
        }
        workflow::Instant received = engine().clock().now();
        if (config().hasProperty("request.received")) {
            auto parsed = workflow::parseIsoInstant(config().getString("request.received"));
            if (!parsed) {
                complain("--received wants an ISO 8601 date or instant, e.g. 2027-06-01 or 2027-06-01T09:00:00+02:00");
                return exitUsage;
            }
            received = *parsed;
        }
        return report(engine().requestDecision(dnr, received, actor()));
    }
};

static RegisterCommand<RequestDecisionCommand> registered("request-decision",
                                                          "register a party's request for a decision (12 § FL)");

}  // namespace grantflow::cli
