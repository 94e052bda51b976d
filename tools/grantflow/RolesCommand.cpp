// grantflow roles USER [--grant ROLE] [--revoke ROLE]: the roles a user holds.
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
                          "users who hold one of its candidate roles.") {}

protected:
    bool createsStore() const override { return true; }
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("grant", "", "give the user this role").argument("ROLE").repeatable(true)
                              .callback(Poco::Util::OptionCallback<RolesCommand>(this, &RolesCommand::grant)));
        options.addOption(Option("revoke", "", "take this role away").argument("ROLE").repeatable(true)
                              .callback(Poco::Util::OptionCallback<RolesCommand>(this, &RolesCommand::revoke)));
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
        for (const auto& r : _grant) engine().grantRole(arguments[0], r);
        for (const auto& r : _revoke) engine().revokeRole(arguments[0], r);
        for (const auto& r : engine().rolesOf(arguments[0])) std::cout << r << "\n";
        return exitOk;
    }

private:
    void grant(const std::string&, const std::string& value) { _grant.push_back(value); }
    void revoke(const std::string&, const std::string& value) { _revoke.push_back(value); }
    std::vector<std::string> _grant, _revoke;
};

static RegisterCommand<RolesCommand> registered("roles", "show, grant or revoke a user's roles");

}  // namespace grantflow::cli
