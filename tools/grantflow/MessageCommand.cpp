// grantflow message DNR NAME --id ID: delivers a message (a supplement, a final report) to a waiting case.
#include "InputFiles.h"
#include "WorkflowCommand.h"

#include <Poco/Util/Option.h>

namespace grantflow::cli {

using Poco::Util::Option;

class MessageCommand : public WorkflowCommand {
public:
    MessageCommand()
        : WorkflowCommand("message", "DNR NAME",
                          "Delivers the message NAME to the case, which must be waiting for it; otherwise it "
                          "is refused with what the case waits for. The grant review takes supplement-received, "
                          "party-response-received, final-report-received and, before the decision, "
                          "application-withdrawn. The same message twice (same --id, case and NAME) is "
                          "taken once; an --id already taken for another case or message is refused. A "
                          "--payload document is merged into the case document.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("id", "", "the message's own id, for taking it only once (required)")
                              .argument("ID")
                              .binding("message.id"));
        options.addOption(Option("payload", "", "an XML document to merge into the case")
                              .argument("FILE")
                              .binding("message.payload"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        std::string id = setting("message.id", "");
        if (arguments.size() != 2 || id.empty()) {
            complain("usage: grantflow message DNR NAME --id MESSAGE-ID [--payload FILE.xml]");
            return exitUsage;
        }
        std::string payload, file = setting("message.payload", "");
        if (!file.empty()) {
            try {
                payload = readWholeFile(file);
            } catch (const Poco::Exception& e) {
                complain("cannot read " + file + ": " + e.displayText());
                return exitRefused;
            }
        }
        return report(engine().message(arguments[0], arguments[1], id, actor(), payload), file);
    }
};

static RegisterCommand<MessageCommand> registered("message", "deliver a message to a case that waits for it");

}  // namespace grantflow::cli
