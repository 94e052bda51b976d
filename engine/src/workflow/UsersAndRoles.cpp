// WorkflowEngine's users: the roles each holds, and the full names decisions and
// letters give for their user names.
#include <grantflow/workflow/WorkflowEngine.h>

#include "EngineImpl.h"

#include <grantflow/CleanText.h>

#include <Poco/Exception.h>
#include <Poco/String.h>

namespace grantflow::workflow {

using namespace Poco::Data::Keywords;

void WorkflowEngine::grantRole(const std::string& user, const std::string& role) {
    std::string u = user, r = role;
    _impl->facts.forget();
    _impl->session << "INSERT OR IGNORE INTO user_roles(user, role) VALUES(?, ?)", use(u), use(r), now;
}

void WorkflowEngine::revokeRole(const std::string& user, const std::string& role) {
    std::string u = user, r = role;
    _impl->facts.forget();
    _impl->session << "DELETE FROM user_roles WHERE user = ? AND role = ?", use(u), use(r), now;
}

std::vector<std::string> WorkflowEngine::rolesOf(const std::string& user) {
    if (const auto* known = _impl->facts.roles(user)) return *known;
    std::vector<std::string> roles;
    auto rows = _impl->sql.query("SELECT role FROM user_roles WHERE user = ? ORDER BY role", user);
    while (rows.next()) roles.push_back(rows.text(0));
    _impl->facts.rememberRoles(user, roles);
    return roles;
}

std::string fullNameProblem(const std::string& fullName) {
    if (Poco::trim(fullName).empty()) return "a full name cannot be empty";
    if (fullName.size() > 100) return "a full name can be at most 100 bytes";
    if (!isCleanText(fullName) || fullName.find_first_of("\t\r\n") != std::string::npos)
        return "a full name cannot hold line breaks or control characters";
    return {};
}

void WorkflowEngine::setFullName(const std::string& user, const std::string& fullName) {
    if (!fullName.empty())
        if (std::string problem = fullNameProblem(fullName); !problem.empty())
            throw Poco::InvalidArgumentException(problem + ": '" + cleanText(fullName) + "'");
    _impl->facts.forget();
    if (fullName.empty())
        _impl->sql.execute("DELETE FROM user_names WHERE user = ?", user);
    else
        _impl->sql.execute("INSERT OR REPLACE INTO user_names(user, full_name) VALUES(?, ?)", user, fullName);
}

std::string WorkflowEngine::fullName(const std::string& user) {
    if (const std::string* known = _impl->facts.fullName(user)) return *known;
    auto rows = _impl->sql.query("SELECT full_name FROM user_names WHERE user = ?", user);
    std::string name = rows.next() ? rows.text(0) : std::string();
    _impl->facts.rememberFullName(user, name);
    return name;
}

}  // namespace grantflow::workflow
