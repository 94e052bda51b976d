// grantflow cases: lists the cases in the store.
#include "Command.h"

#include <Poco/Util/Option.h>

#include <iomanip>
#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;

class CasesCommand : public Command {
public:
    CasesCommand()
        : Command("cases", "",
                  "Lists cases, newest first: reference number, state, registration time, requested "
                  "amount, organisation and project title. Tab-separated, one case per line.") {}

protected:
    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("state", "", "only cases in this state (e.g. registered)")
                              .argument("STATE")
                              .binding("cases.state"));
        options.addOption(Option("search", "", "only cases whose organisation, title or number contains TEXT")
                              .argument("TEXT")
                              .binding("cases.search"));
        options.addOption(Option("year", "", "only cases registered this year").argument("YYYY").binding("cases.year"));
        options.addOption(Option("limit", "", "at most N cases (default 1000)").argument("N").binding("cases.limit"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments; filter with --state, --search, --year");
            return exitUsage;
        }
        CaseFilter filter;
        filter.state = setting("cases.state", "");
        filter.text = setting("cases.search", "");
        filter.year = static_cast<int>(wholeNumber("cases.year", 0, 0, 9999));
        filter.limit = static_cast<int>(wholeNumber("cases.limit", 1000, 1, 100000000));
        auto store = openStore();
        auto cases = store->listCases(filter);
        for (const CaseSummary& c : cases)
            std::cout << c.referenceNumber << "\t" << c.state << "\t" << c.registeredAt << "\t" << c.requested
                      << "\t" << c.organisation << "\t" << c.title << "\n";
        std::cerr << cases.size() << " case(s)";
        if (static_cast<int>(cases.size()) == filter.limit)
            std::cerr << ", the first " << filter.limit << " only: --limit shows more";
        std::cerr << "\n";
        return exitOk;
    }
};

static RegisterCommand<CasesCommand> registered("cases", "list cases, filtered by state, year or text");

}  // namespace grantflow::cli
