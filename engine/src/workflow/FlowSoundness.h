// Checks on the shape of a whole process that no single element shows, run at
// deploy after the element checks (BpmnLoader).
#pragma once

#include <grantflow/Problem.h>
#include <grantflow/workflow/ProcessDefinition.h>

namespace grantflow::workflow {

// Loops made only of elements that move a token on at once: exclusive gateways,
// task and manualTask, and forking gateways with one way in. Within one step the
// case document does not change, so every gateway on such a loop chooses as it
// did the time before: a case that goes round once goes round for ever, inside
// one transaction. A loop through a user task, a service task, a timer, a message
// or a joining gateway waits there, and is fine. One problem per loop.
Problems loopsThatNeverWait(const ProcessDefinition& process);

}  // namespace grantflow::workflow
