#include "FlowSoundness.h"

#include "FlowGraph.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace grantflow::workflow {

namespace {

bool movesOnAtOnce(const FlowNode& node) {
    switch (node.kind) {
        case NodeKind::exclusiveGateway:
        case NodeKind::passThroughTask:
        case NodeKind::noneThrowEvent:
            return true;
        case NodeKind::parallelGateway:
        case NodeKind::inclusiveGateway:
            return node.incoming.size() <= 1;  // a join waits for its other branches
        default:
            return false;
    }
}

using Graph = std::map<std::string, std::set<std::string>>;

// The nodes of `next` that lie on a loop, or between two loops: what is left after
// peeling off, again and again, the nodes nothing comes into and those nothing
// leaves. Without recursion, so a chain of 50,000 tasks costs nothing.
std::set<std::string> nodesOnLoops(const Graph& next, const Graph& previous) {
    std::set<std::string> left;
    std::map<std::string, std::size_t> comingIn, goingOut;
    std::deque<std::string> peel;
    for (const auto& [id, targets] : next) {
        left.insert(id);
        comingIn[id] = previous.at(id).size();
        goingOut[id] = targets.size();
        if (comingIn[id] == 0 || goingOut[id] == 0) peel.push_back(id);
    }
    while (!peel.empty()) {
        std::string id = peel.front();
        peel.pop_front();
        if (!left.erase(id)) continue;
        for (const auto& target : next.at(id))
            if (left.count(target) && --comingIn[target] == 0) peel.push_back(target);
        for (const auto& source : previous.at(id))
            if (left.count(source) && --goingOut[source] == 0) peel.push_back(source);
    }
    return left;
}

}  // namespace

Problems loopsThatNeverWait(const ProcessDefinition& process) {
    Graph next, previous;
    for (const auto& [id, node] : process.nodes)
        if (movesOnAtOnce(node)) next[id], previous[id];
    for (const auto& [id, flow] : process.flows)
        if (next.count(flow.source) && next.count(flow.target)) {
            next[flow.source].insert(flow.target);
            previous[flow.target].insert(flow.source);
        }
    std::set<std::string> looping = nodesOnLoops(next, previous);

    // One problem a loop: the looping nodes that touch each other, named in document order.
    Problems problems;
    while (!looping.empty()) {
        std::vector<const FlowNode*> loop;
        std::deque<std::string> reach{*looping.begin()};
        looping.erase(looping.begin());
        while (!reach.empty()) {
            const FlowNode& node = process.node(reach.front());
            reach.pop_front();
            loop.push_back(&node);
            for (const Graph* links : {&next, &previous})
                for (const auto& other : links->at(node.id))
                    if (looping.erase(other)) reach.push_back(other);
        }
        std::sort(loop.begin(), loop.end(), [](const FlowNode* a, const FlowNode* b) { return a->line < b->line; });
        std::string names;
        for (const FlowNode* node : loop) names += (names.empty() ? "'" : ", '") + node->id + "'";
        const FlowNode& first = *loop.front();
        Problem problem;
        problem.code = "loop-without-wait";
        problem.path = bpmnElementPath(kindName(first.kind), first.id);
        problem.line = first.line;
        problem.message = "a case can go round the loop through " + names +
                          " for ever: nothing on it waits, and its gateways choose the same way every time round "
                          "because the case document does not change; put a user task, a service task, a timer or a "
                          "message on the loop";
        problems.push_back(std::move(problem));
    }
    return problems;
}

}  // namespace grantflow::workflow
