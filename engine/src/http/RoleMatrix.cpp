#include <grantflow/http/RoleMatrix.h>

#include <algorithm>
#include <map>

namespace grantflow::http {

namespace {

const std::map<Permission, std::vector<std::string>>& matrix() {
    static const std::map<Permission, std::vector<std::string>> table = {
        {Permission::submitApplications, {"registrator"}},
        {Permission::readCases, {"registrator", "handlaggare", "beslutsfattare", "ekonomi", "administrator"}},
        {Permission::readTasks, {"registrator", "handlaggare", "beslutsfattare", "ekonomi", "administrator"}},
        // Administrators manage the system; they take part in a case only through a case role.
        {Permission::workTasks, {"registrator", "handlaggare", "beslutsfattare", "ekonomi"}},
        {Permission::readAnyInbox, {"administrator"}},
        {Permission::readWorkflows, {"handlaggare", "beslutsfattare", "administrator"}},
        {Permission::deployWorkflows, {"administrator"}},
        {Permission::readPlugins, {"administrator"}},
        {Permission::readMetrics, {"administrator", "monitor"}},
        // A request for a decision comes in like any letter; refusing it is a decision.
        {Permission::registerDecisionRequests, {"registrator", "handlaggare"}},
        {Permission::refuseDecisionRequests, {"beslutsfattare"}},
        // What arrives for a case is registered like any incoming document.
        {Permission::deliverMessages, {"registrator", "handlaggare"}},
    };
    return table;
}

}  // namespace

bool RoleMatrix::allows(const std::vector<std::string>& roles, Permission permission) {
    const auto& granted = matrix().at(permission);
    return std::any_of(roles.begin(), roles.end(), [&](const std::string& role) {
        return std::find(granted.begin(), granted.end(), role) != granted.end();
    });
}

std::vector<std::string> RoleMatrix::rolesFor(Permission permission) { return matrix().at(permission); }

const std::set<std::string>& RoleMatrix::knownRoles() {
    static const std::set<std::string> roles = {"registrator", "handlaggare", "beslutsfattare",
                                                "ekonomi",     "administrator", "monitor"};
    return roles;
}

}  // namespace grantflow::http
