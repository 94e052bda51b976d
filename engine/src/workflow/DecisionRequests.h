// The engine's side of 12 § förvaltningslagen (see WorkflowEngine::requestDecision):
// knowing when and how a case was decided, so that a request for a decision can
// be refused once it is, answered when it comes, and granted projects listed.
#pragma once

#include "InstanceStep.h"

#include <grantflow/workflow/IsoTime.h>

#include <libxml/tree.h>

namespace grantflow::workflow {

// Whether an element merged into the case is its decision: <decision> in the case namespace.
bool isCaseDecision(xmlNodePtr merged);

// What a <decision> element says: its outcome (bifall, avslag ...) and its amount
// in whole kronor (0 when it gives none).
struct DecisionFacts {
    std::string outcome;
    long long amount = 0;
};
DecisionFacts decisionFacts(xmlNodePtr decision);

// Notes, in the step that merges it, that the case was decided at `at` with the
// outcome and amount of `decision` (a later decision replaces an earlier one), and
// answers the case's open request for a decision, if any. An outcome of "kommunicera"
// decides nothing: the decision maker has the party heard first (25 § FL).
void recordDecision(StatementCache& sql, InstanceStep& step, Poco::Int64 caseId, Instant at, xmlNodePtr decision);

}  // namespace grantflow::workflow
