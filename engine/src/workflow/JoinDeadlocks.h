// Finds joining gateways where a case can wait for ever: a parallel join that a
// case reaches along one flow while nothing can ever come along another (after
// an exclusive choice, or after a task and its interrupting timer), or an
// inclusive join waiting likewise. Run at deploy (BpmnLoader).
//
// How: the process is played as a token game over every choice its gateways and
// timers allow, whatever the conditions say (deploy cannot know them): tokens
// sit on sequence flows, and each element takes and gives tokens as the runtime
// (InstanceStep) does. A state in which tokens are left and nothing can move is a
// case stuck for good. Conditions that are in fact tied to each other can make a
// stuck state impossible; a design that relies on that is refused all the same,
// since nothing in the file says so.
//
// Bounded: a flow holds at most two tokens in a state explored (more means
// branches that never meet, which is not this check's business), and at most
// 200,000 states are explored; a larger process is passed on unchecked, and says so.
#pragma once

#include <grantflow/Problem.h>
#include <grantflow/workflow/ProcessDefinition.h>

namespace grantflow::workflow {

struct JoinCheck {
    // One problem a join where cases can get stuck, naming the flows that arrive and
    // those that cannot.
    Problems stuck;
    // False when the process had too many states to play through: then `stuck` may
    // miss joins.
    bool complete = true;
};

JoinCheck joinsThatCanWaitForever(const ProcessDefinition& process);

}  // namespace grantflow::workflow
