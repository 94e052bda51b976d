// grantflow granted [--year YYYY] [--search TEXT]: the register of granted projects.
#include "WorkflowCommand.h"

#include <grantflow/workflow/IsoTime.h>

#include <Poco/Util/Option.h>

#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;

class GrantedCommand : public WorkflowCommand {
public:
    GrantedCommand()
        : WorkflowCommand("granted", "",
                          "The register of granted projects, for answering questions about what the agency "
                          "has funded: every case decided bifall or delvis-bifall, the newest decision first. "
                          "Tab-separated, one project per line: reference number, day decided, outcome, "
                          "amount granted (kr), where the case is now (awaitReport: paid, final report "
                          "awaited; reviewReport; closed), organisation number, organisation, kind, title. "
                          "The count and the sum granted follow on stderr.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("year", "", "only projects decided this year").argument("YYYY").binding("granted.year"));
        options.addOption(Option("search", "", "only projects whose organisation, its number, title or reference "
                                               "number contains TEXT")
                              .argument("TEXT")
                              .binding("granted.search"));
        options.addOption(Option("limit", "", "at most N projects (default 1000)").argument("N").binding("granted.limit"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments; filter with --year and --search");
            return exitUsage;
        }
        workflow::WorkflowEngine::GrantedFilter filter;
        filter.year = static_cast<int>(wholeNumber("granted.year", 0, 0, 9999));
        filter.text = setting("granted.search", "");
        filter.limit = static_cast<int>(wholeNumber("granted.limit", 1000, 1, 100000000));
        long long sum = 0;
        const auto projects = engine().grantedProjects(filter);
        for (const auto& p : projects) {
            std::cout << p.referenceNumber << "\t" << workflow::formatDay(p.decidedAt) << "\t"
                      << p.outcome << "\t" << p.amount << "\t" << p.state << "\t" << p.orgNumber << "\t"
                      << p.organisation << "\t" << p.kind << "\t" << p.title << "\n";
            sum += p.amount;
        }
        std::cerr << projects.size() << " project(s), " << sum << " kr granted";
        if (static_cast<int>(projects.size()) == filter.limit)
            std::cerr << "; the first " << filter.limit << " only: --limit shows more";
        std::cerr << "\n";
        return exitOk;
    }
};

static RegisterCommand<GrantedCommand> registered("granted", "the register of granted projects");

}  // namespace grantflow::cli
