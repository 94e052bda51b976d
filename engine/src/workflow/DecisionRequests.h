// The engine's side of 12 § förvaltningslagen (see WorkflowEngine::requestDecision):
// knowing when a case was decided, so that a request for a decision can be
// refused once it is, and answered when it comes.
#pragma once

#include "InstanceStep.h"

#include <grantflow/workflow/IsoTime.h>

#include <libxml/tree.h>

namespace grantflow::workflow {

// Whether an element merged into the case is its decision: <decision> in the case namespace.
bool isCaseDecision(xmlNodePtr merged);

// Notes, in the step that merges it, that the case was decided at `at` (the first
// decision counts), and answers the case's open request for a decision, if any.
void recordDecision(StatementCache& sql, InstanceStep& step, Poco::Int64 caseId, Instant at);

}  // namespace grantflow::workflow
