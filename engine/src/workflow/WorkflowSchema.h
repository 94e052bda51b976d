// The workflow runtime's tables, kept in the case store's SQLite file so that a
// case document and its workflow state change in the same transaction.
// Only waiting positions are stored (tokens at tasks, jobs, timers, messages,
// joins); finished jobs and tokens are deleted, so the hot tables stay as small
// as the work in progress while the event log keeps the history.
#pragma once

#include <Poco/Data/Session.h>

namespace grantflow::workflow {

// Creates what is missing; safe to call on every start.
void createWorkflowTables(Poco::Data::Session& session);

// Far-future due date for "no due date", so due-date indexes need no NULLs.
inline constexpr long long noDueDate = 253402300799LL;  // 9999-12-31T23:59:59Z

}  // namespace grantflow::workflow
