// The graph a process's sequence flows make, checked once its elements are read
// (BpmnLoader): flows joined to the nodes they link, and refused where a flow leads
// nowhere, a gateway leaves a case with no way out, an element cannot be reached
// from the start or cannot reach an end, or (at deploy) a loop never waits or a
// join can wait for ever.
#pragma once

#include <grantflow/Problem.h>
#include <grantflow/workflow/ProcessDefinition.h>

#include <string>

namespace grantflow::workflow {

// How the problems of a BPMN file name an element: `process id="grant-review"`, or the
// type alone when the element has no id.
inline std::string bpmnElementPath(const std::string& type, const std::string& id) {
    return id.empty() ? type : type + " id=\"" + id + "\"";
}

// Fills each node's incoming and outgoing flows (in document order, so that the first
// true condition is the first drawn) and each user task's boundary events, and sets
// the start node; appends to `problems` what is wrong with the graph and to `notes`
// what could not be checked. `processLine` is where <process> is, for the problems
// of the whole process; `deploying` adds the checks made only on a new deploy, never
// on reloading a stored version, so that running cases never break.
void linkFlowGraph(ProcessDefinition& p, int processLine, bool deploying, Problems& problems, Problems& notes);

}  // namespace grantflow::workflow
