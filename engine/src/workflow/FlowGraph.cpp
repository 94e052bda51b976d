#include "FlowGraph.h"

#include "FlowSoundness.h"
#include "JoinDeadlocks.h"
#include "XPathEvaluator.h"

#include <grantflow/SafeXmlParser.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace grantflow::workflow {

namespace {

// Appends a problem with the element it is about.
class Refusals {
public:
    explicit Refusals(Problems& problems) : _problems(problems) {}

    void operator()(const std::string& code, const std::string& type, const std::string& id, int line,
                    const std::string& message) {
        _problems.push_back({code, bpmnElementPath(type, id), line, 0, message});
    }
    void operator()(const std::string& code, const FlowNode& n, const std::string& message) {
        (*this)(code, kindName(n.kind), n.id, n.line, message);
    }

private:
    Problems& _problems;
};

// Joins each flow to the two nodes of this process it links; refuses one that does not.
void linkFlows(ProcessDefinition& p, Refusals& refuse) {
    for (auto& [id, f] : p.flows) {
        bool ok = true;
        for (const std::string* end : {&f.source, &f.target}) {
            if (end->empty() || !p.nodes.count(*end)) {
                refuse("flow-to-nowhere", "sequenceFlow", id, f.line,
                       std::string(end == &f.source ? "sourceRef" : "targetRef") + " '" + *end +
                           "' is not a flow node of this process");
                ok = false;
            }
        }
        if (!ok) continue;
        p.nodes[f.source].outgoing.push_back(id);
        p.nodes[f.target].incoming.push_back(id);
    }
    // Flow ids are kept in document order by line so the first true condition is the first drawn.
    auto byLine = [&](const std::string& a, const std::string& b) { return p.flows[a].line < p.flows[b].line; };
    for (auto& [id, n] : p.nodes) {
        std::sort(n.outgoing.begin(), n.outgoing.end(), byLine);
        std::sort(n.incoming.begin(), n.incoming.end(), byLine);
    }
}

// What each node's own flows show: start and end events, boundary events and their
// tasks, dead ends, default flows, conditions where a gateway chooses, event-based
// gateways, and four-eyes references. Returns the start events.
std::vector<std::string> checkNodes(ProcessDefinition& p, Refusals& refuse) {
    std::vector<std::string> starts;
    for (auto& [id, n] : p.nodes) {
        bool isGateway = n.kind == NodeKind::exclusiveGateway || n.kind == NodeKind::inclusiveGateway;
        switch (n.kind) {
            case NodeKind::startEvent:
                starts.push_back(id);
                if (!n.incoming.empty()) refuse("bad-flow", n, "a start event cannot have incoming flows");
                break;
            case NodeKind::endEvent:
            case NodeKind::terminateEndEvent:
                if (!n.outgoing.empty()) refuse("bad-flow", n, "an end event cannot have outgoing flows");
                break;
            case NodeKind::boundaryTimerEvent:
            case NodeKind::boundaryMessageEvent: {
                auto host = p.nodes.find(n.attachedTo);
                if (host == p.nodes.end() || host->second.kind != NodeKind::userTask)
                    refuse("unsupported-element", n,
                           "a boundary event must be attached to a user task (attachedToRef '" + n.attachedTo + "')");
                else
                    host->second.boundaryEvents.push_back(id);
                if (!n.incoming.empty()) refuse("bad-flow", n, "a boundary event cannot have incoming flows");
                break;
            }
            default:
                break;
        }
        if (n.kind != NodeKind::endEvent && n.kind != NodeKind::terminateEndEvent && n.outgoing.empty())
            refuse("dead-end", n, "no sequence flow leaves this element, so a case would stop here forever");
        if (!n.defaultFlow.empty()) {
            if (!isGateway)
                refuse("unsupported-attribute", n, "a default flow is supported on exclusive and inclusive gateways only");
            else if (std::find(n.outgoing.begin(), n.outgoing.end(), n.defaultFlow) == n.outgoing.end())
                refuse("flow-to-nowhere", n, "the default flow '" + n.defaultFlow + "' does not leave this gateway");
            else if (!p.flows[n.defaultFlow].condition.empty())
                refuse("bad-condition", n, "the default flow '" + n.defaultFlow + "' must not have a condition");
        }
        bool anyConditional = false, alwaysTaken = false;
        for (const auto& out : n.outgoing) {
            const SequenceFlow& f = p.flows[out];
            if (f.condition.empty()) {
                // Out of an inclusive gateway a flow without a condition is always taken
                // (BPMN 2.0, 13.3.2); out of an exclusive one it would be a guess.
                if (n.kind == NodeKind::inclusiveGateway && out != n.defaultFlow)
                    alwaysTaken = true;
                else if (isGateway && n.outgoing.size() > 1 && out != n.defaultFlow)
                    refuse("no-condition", "sequenceFlow", out, f.line,
                           "this flow leaves " + std::string(kindName(n.kind)) + " '" + id +
                               "' with neither a condition nor being its default flow");
                continue;
            }
            anyConditional = true;
            if (!isGateway)
                refuse("bad-condition", "sequenceFlow", out, f.line,
                       "conditions are supported on flows leaving exclusive and inclusive gateways only");
        }
        if (isGateway && anyConditional && n.defaultFlow.empty() && !alwaysTaken)
            refuse("no-way-out", n,
                   "this gateway has no default flow, so a case for which no condition holds would have no way out");
        if (n.kind == NodeKind::eventBasedGateway) {
            if (n.outgoing.size() < 2) refuse("bad-flow", n, "an event-based gateway needs at least two events after it");
            for (const auto& out : n.outgoing) {
                const auto& target = p.nodes[p.flows[out].target];
                if (target.kind != NodeKind::timerCatchEvent && target.kind != NodeKind::messageCatchEvent)
                    refuse("bad-flow", n, "after an event-based gateway only timer and message catch events may follow ('" +
                                              target.id + "' is a " + kindName(target.kind) + ")");
                else if (target.incoming.size() != 1)
                    refuse("bad-flow", target, "an event after an event-based gateway may have no other incoming flow");
            }
        }
        for (const auto& other : n.notSameAs) {
            auto t = p.nodes.find(other);
            if (t == p.nodes.end() || t->second.kind != NodeKind::userTask)
                refuse("unknown-reference", n, "grantflow:notSameAs names '" + other + "', which is not a user task");
        }
    }

    return starts;
}

// Conditions must be XPath 1.0 that evaluates over a case document with the declared
// prefixes and, for a new deploy, to a boolean or a node-set. A definition stored
// before that was asked still loads, so that its running cases go on as they were.
void checkConditions(const ProcessDefinition& p, bool deploying, Refusals& refuse) {
    SafeXmlParser parser;
    ParseResult probe = parser.parse("<case xmlns=\"urn:grantflow:case:1\"/>");
    if (!probe.document.empty()) {
        XPathEvaluator evaluator(probe.document, p.namespaces);
        for (const auto& [id, f] : p.flows) {
            if (f.condition.empty() || f.condition[0] == '=' || f.condition.rfind("${", 0) == 0 ||
                f.condition.rfind("#{", 0) == 0)
                continue;
            std::string why = deploying ? evaluator.checkCondition(f.condition) : evaluator.check(f.condition);
            if (!why.empty())
                refuse("bad-condition", "sequenceFlow", id, f.line,
                       "condition '" + f.condition + "' cannot choose the flow: " + why);
        }
    }
}

// Every node is reached from the start and, unless it ends the case, leads to an end.
void checkReachability(ProcessDefinition& p, Refusals& refuse) {
    // Reachability forwards from the start (a boundary event is reached through the
    // element it is attached to, even one it may not be attached to: that is refused
    // once already, not again as unreachable with all that follows it)...
    std::multimap<std::string, std::string> attached;
    for (const auto& [id, n] : p.nodes)
        if (isBoundaryEvent(n.kind)) attached.emplace(n.attachedTo, id);
    std::set<std::string> reached{p.startNode};
    std::deque<std::string> queue{p.startNode};
    while (!queue.empty()) {
        const std::string id = queue.front();
        const FlowNode& n = p.nodes[id];
        queue.pop_front();
        std::vector<std::string> next;
        for (const auto& out : n.outgoing) next.push_back(p.flows[out].target);
        for (auto [b, end] = attached.equal_range(id); b != end; ++b) next.push_back(b->second);
        for (const auto& t : next)
            if (reached.insert(t).second) queue.push_back(t);
    }
    // ... and backwards from the ends: a node that cannot reach an end is a dead end.
    std::set<std::string> canEnd;
    for (const auto& [id, n] : p.nodes)
        if (n.kind == NodeKind::endEvent || n.kind == NodeKind::terminateEndEvent) {
            canEnd.insert(id);
            queue.push_back(id);
        }
    while (!queue.empty()) {
        const FlowNode& n = p.nodes[queue.front()];
        queue.pop_front();
        std::vector<std::string> previous;
        for (const auto& in : n.incoming) previous.push_back(p.flows[in].source);
        if (isBoundaryEvent(n.kind) && !n.attachedTo.empty()) previous.push_back(n.attachedTo);
        for (const auto& s : previous)
            if (p.nodes.count(s) && canEnd.insert(s).second) queue.push_back(s);
    }
    for (const auto& [id, n] : p.nodes) {
        if (!reached.count(id))
            refuse("unreachable", n, "no path from the start event leads here");
        else if (!canEnd.count(id) && !n.outgoing.empty())
            refuse("dead-end", n, "no path leads from here to an end event");
    }
}

}  // namespace

void linkFlowGraph(ProcessDefinition& p, int processLine, bool deploying, Problems& problems, Problems& notes) {
    Refusals refuse(problems);
    linkFlows(p, refuse);
    const std::vector<std::string> starts = checkNodes(p, refuse);
    checkConditions(p, deploying, refuse);
    if (starts.size() != 1) {
        std::string which;
        for (const auto& id : starts)
            which += (which.empty() ? "" : ", ") + ("'" + id + "' (line " + std::to_string(p.nodes[id].line) + ")");
        refuse("no-start", "process", p.key, processLine,
               starts.empty() ? "the process has no start event"
                              : "the process has several start events, " + which + "; grantflow starts a case at one");
        return;
    }
    p.startNode = starts[0];
    checkReachability(p, refuse);
    if (!deploying) return;
    for (Problem& loop : loopsThatNeverWait(p)) problems.push_back(std::move(loop));
    // The token game needs a sound graph to play on: only when nothing else is wrong.
    if (!problems.empty()) return;
    JoinCheck joins = joinsThatCanWaitForever(p);
    for (Problem& stuck : joins.stuck) problems.push_back(std::move(stuck));
    if (!joins.complete)
        notes.push_back({"joins-unchecked", bpmnElementPath("process", p.key), processLine, 0,
                          "too many combinations of parallel branches to play through (over 200,000 states): joins "
                          "where a case could wait for ever were not looked for; check them by hand"});
}

}  // namespace grantflow::workflow
