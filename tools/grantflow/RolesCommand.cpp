// grantflow roles USER [--grant ROLE] [--revoke ROLE] [--name "FULL NAME"]: the
// roles a user holds, and the name letters give for them.
#include "WorkflowCommand.h"

#include <grantflow/http/RoleMatrix.h>

#include <Poco/String.h>
#include <Poco/Util/Option.h>

#include <algorithm>
#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;

class RolesCommand : public WorkflowCommand {
public:
    RolesCommand()
        : WorkflowCommand("roles", "USER",
                          "Shows the roles a user holds (registrator, handlaggare, beslutsfattare, ekonomi, "
                          "administrator ...), after granting or revoking those given. A task is open to the "
                          "users who hold one of its candidate roles. --name sets the person's full name, which "
                          "decision letters give for who decided and who presented the case (31 § "
                          "förvaltningslagen); without one a letter shows the login. The name is printed "
                          "first, as \"name: ...\", when the user has one.") {}

protected:
    bool createsStore() const override { return true; }
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("grant", "", "give the user this role").argument("ROLE").repeatable(true)
                              .callback(Poco::Util::OptionCallback<RolesCommand>(this, &RolesCommand::grant)));
        options.addOption(Option("revoke", "", "take this role away").argument("ROLE").repeatable(true)
                              .callback(Poco::Util::OptionCallback<RolesCommand>(this, &RolesCommand::revoke)));
        options.addOption(Option("name", "", "the person's full name, as letters give it (\"\" forgets it)")
                              .argument("FULL NAME")
                              .binding("roles.fullName"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.size() != 1 || Poco::trim(arguments[0]).empty()) {
            complain("name one user");
            return exitUsage;
        }
        // The roles the users file and the API know; a misspelt one would be granted
        // and match no task.
        for (const auto* list : {&_grant, &_revoke})
            for (const auto& role : *list)
                if (!http::RoleMatrix::knownRoles().count(role)) {
                    std::string known;
                    for (const auto& r : http::RoleMatrix::knownRoles()) known += (known.empty() ? "" : ", ") + r;
                    complain("unknown role '" + role + "'; the roles are " + known);
                    return exitUsage;
                }
        for (const auto& role : _grant)
            if (std::find(_revoke.begin(), _revoke.end(), role) != _revoke.end()) {
                complain("--grant and --revoke both name '" + role + "': say which");
                return exitUsage;
            }
        const std::string& user = arguments[0];
        const bool naming = config().hasProperty("roles.fullName");
        const std::string fullName = config().getString("roles.fullName", "");
        if (naming && !fullName.empty())
            if (std::string problem = workflow::fullNameProblem(fullName); !problem.empty()) {
                complain("--name: " + problem);
                return exitUsage;
            }
        for (const auto& r : _grant) engine().grantRole(user, r);
        for (const auto& r : _revoke) engine().revokeRole(user, r);
        if (naming) engine().setFullName(user, fullName);
        if (std::string name = engine().fullName(user); !name.empty()) std::cout << "name: " << name << "\n";
        for (const auto& r : engine().rolesOf(user)) std::cout << r << "\n";
        return exitOk;
    }

private:
    void grant(const std::string&, const std::string& value) { _grant.push_back(value); }
    void revoke(const std::string&, const std::string& value) { _revoke.push_back(value); }
    std::vector<std::string> _grant, _revoke;
};

static RegisterCommand<RolesCommand> registered("roles", "show, grant or revoke a user's roles");

}  // namespace grantflow::cli
