// One executable BPMN 2.0 process as the runtime sees it: its flow nodes, the
// sequence flows between them and the settings grantflow honours on each. It is
// built only by BpmnLoader, which has already refused anything the runtime could
// not execute faithfully, so the runtime may rely on every promise below.
#pragma once

#include <grantflow/workflow/IsoTime.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace grantflow::workflow {

enum class NodeKind {
    startEvent,
    endEvent,
    terminateEndEvent,
    userTask,
    serviceTask,
    passThroughTask,  // task and manualTask: nothing to do, the token moves on
    noneThrowEvent,   // intermediateThrowEvent without a definition: a milestone, passed at once
    exclusiveGateway,
    parallelGateway,
    inclusiveGateway,
    eventBasedGateway,
    timerCatchEvent,    // intermediateCatchEvent with a timer
    messageCatchEvent,  // intermediateCatchEvent with a message
    boundaryTimerEvent,   // timer attached to a user task
    boundaryMessageEvent  // message attached to a user task ("the application was withdrawn")
};

const char* kindName(NodeKind kind);

inline bool isBoundaryEvent(NodeKind kind) {
    return kind == NodeKind::boundaryTimerEvent || kind == NodeKind::boundaryMessageEvent;
}

// When a timer fires: after a duration, at a date, or repeatedly.
struct TimerSpec {
    enum class Form { duration, date, cycle } form = Form::duration;
    std::string text;          // as written, e.g. "P10D"
    bool workingDays = false;  // grantflow:calendar="working-days": days count working days
    IsoDuration duration;      // duration and cycle
    Instant date = 0;          // date
    int repetitions = 1;       // cycle: how many times (-1 unbounded)
    // grantflow:expression="xpath": `text` is XPath 1.0 over the case document, evaluated
    // when the timer is set, giving the ISO date or duration (e.g. the project's end date).
    bool expression = false;
    // grantflow:after: added to a date, e.g. "the final report is due 60 days after the end".
    std::optional<IsoDuration> after;
};

struct FlowNode {
    std::string id, name;
    NodeKind kind = NodeKind::passThroughTask;
    int line = 0;
    std::vector<std::string> incoming, outgoing;  // sequence flow ids, in document order
    std::string defaultFlow;                      // gateways: the flow taken when no condition holds

    // userTask
    std::vector<std::string> candidateRoles;  // camunda:candidateGroups or grantflow:candidateRoles
    std::vector<std::string> candidateUsers;  // camunda:candidateUsers
    std::string assignee;                     // camunda:assignee: only this user may do it
    std::string formKey;                      // names schemas/outcomes/<formKey>.xsd
    std::string dueDate;                      // ISO duration from creation, or date
    bool dueInWorkingDays = false;
    std::vector<std::string> notSameAs;  // four-eyes: ids of tasks whose performer may not do this one
    std::vector<std::string> boundaryEvents;

    // serviceTask
    std::string plugin;  // grantflow:plugin, camunda:topic or zeebe task type
    int retries = 3;     // attempts before the job becomes an incident

    // timers and messages
    TimerSpec timer;
    std::string messageName;
    std::string attachedTo;  // boundary event: the user task it watches
    bool cancelActivity = true;
};

struct SequenceFlow {
    std::string id, name, source, target;
    std::string condition;  // XPath 1.0, empty when unconditional
    int line = 0;
};

struct ProcessDefinition {
    std::string key;   // the BPMN process id
    std::string name;
    std::map<std::string, FlowNode> nodes;
    std::map<std::string, SequenceFlow> flows;
    std::string startNode;
    // Prefix -> namespace URI for conditions: app, case, and those declared on <definitions>.
    std::map<std::string, std::string> namespaces;

    const FlowNode& node(const std::string& id) const { return nodes.at(id); }
    const SequenceFlow& flow(const std::string& id) const { return flows.at(id); }
};

}  // namespace grantflow::workflow
