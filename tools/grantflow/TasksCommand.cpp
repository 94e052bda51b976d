// grantflow tasks: open user tasks, by role, user or case.
#include "WorkflowCommand.h"

#include <grantflow/ReferenceNumber.h>

#include <Poco/Util/Option.h>

#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;

class TasksCommand : public WorkflowCommand {
public:
    TasksCommand()
        : WorkflowCommand("tasks", "",
                          "Lists open user tasks, soonest due first: task id, case, process and version, task, "
                          "name, assignee, candidate roles, form, due date, candidate users; - for none. Tab-separated.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("role", "", "tasks open to this role").argument("ROLE").binding("tasks.role"));
        options.addOption(Option("user", "", "tasks this user may do (their roles, or assigned to them)")
                              .argument("USER")
                              .binding("tasks.user"));
        options.addOption(Option("case", "", "tasks of one case").argument("DNR").binding("tasks.case"));
        options.addOption(Option("unclaimed", "", "leave out claimed tasks").binding("tasks.unclaimed"));
        options.addOption(Option("limit", "", "at most N tasks (default 100)").argument("N").binding("tasks.limit"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments; filter with --role, --user or --case");
            return exitUsage;
        }
        workflow::TaskQuery query;
        query.role = setting("tasks.role", "");
        query.user = setting("tasks.user", "");
        query.referenceNumber = setting("tasks.case", "");
        if (!query.referenceNumber.empty()) {
            // As show does: a number that is not one, or names no case, is said so, not "0 task(s)".
            query.referenceNumber = ReferenceNumber::parse(query.referenceNumber).toString();
            if (!store().caseDocument(query.referenceNumber)) {
                complain("no case is registered as " + query.referenceNumber);
                return exitRefused;
            }
        }
        query.includeClaimed = !config().hasProperty("tasks.unclaimed");
        query.limit = static_cast<int>(wholeNumber("tasks.limit", 100, 1, 100000000));
        auto tasks = engine().tasks(query);
        for (const auto& t : tasks)
            std::cout << t.id << "\t" << t.referenceNumber << "\t" << t.processKey << ":" << t.processVersion << "\t"
                      << t.node << "\t" << t.name << "\t" << (t.assignee.empty() ? "-" : t.assignee) << "\t"
                      << (t.roles.empty() ? "-" : t.roles) << "\t" << (t.form.empty() ? "-" : t.form) << "\t"
                      << (t.dueAt.empty() ? "-" : t.dueAt) << "\t" << (t.users.empty() ? "-" : t.users) << "\n";
        std::cerr << tasks.size() << " task(s)";
        if (static_cast<int>(tasks.size()) == query.limit)
            std::cerr << ", the first " << query.limit << " only: --limit shows more";
        std::cerr << "\n";
        return exitOk;
    }
};

static RegisterCommand<TasksCommand> registered("tasks", "list open user tasks by role, user or case");

}  // namespace grantflow::cli
