// Which role may do what over the API: the roles of DOMAIN.md (registrator,
// handlaggare, beslutsfattare, ekonomi, administrator) and one for systems that
// only watch (monitor, for the Prometheus scraper).
//
// The matrix decides whether a request may be made at all; whether a user may
// work on one particular task (candidate roles, the four-eyes rule of the
// process) is decided per case by the workflow engine, with the user the server
// authenticated, never one the client names.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace grantflow::http {

enum class Permission {
    submitApplications,  // POST /api/applications
    readCases,           // GET /api/cases..., documents, history
    readTasks,           // GET /api/tasks (one's own inbox)
    workTasks,           // claim, complete
    readAnyInbox,        // GET /api/tasks?user=someone-else or ?role=not-held
    readWorkflows,       // GET /api/workflows
    deployWorkflows,     // POST /api/workflows
    readPlugins,         // GET /api/plugins
    readMetrics,         // GET /metrics
    registerDecisionRequests,  // POST /api/cases/{dnr}/decision-request (12 § FL)
    refuseDecisionRequests,    // the same with "refuse": a decision of its own
    deliverMessages,           // POST /api/cases/{dnr}/messages/{name} (a supplement, a report, an answer)
};

class RoleMatrix {
public:
    // Whether any of roles grants permission.
    static bool allows(const std::vector<std::string>& roles, Permission permission);
    // The roles that grant permission, for messages ("needs one of ...").
    static std::vector<std::string> rolesFor(Permission permission);
    // Every role name the matrix knows; a users file naming another is refused.
    static const std::set<std::string>& knownRoles();
};

}  // namespace grantflow::http
