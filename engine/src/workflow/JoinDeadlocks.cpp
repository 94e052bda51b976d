#include "JoinDeadlocks.h"

#include "FlowGraph.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace grantflow::workflow {

namespace {

constexpr int mostTokensOnAFlow = 2;
constexpr std::size_t mostStates = 200000;
constexpr std::size_t mostConditionalBranches = 10;  // 2^10 ways out of one inclusive gateway

// Tokens on flows: (flow index, count), sorted by flow, no zero counts.
using Marking = std::vector<std::pair<int, int>>;

int tokensOn(const Marking& m, int flow) {
    auto at = std::lower_bound(m.begin(), m.end(), std::make_pair(flow, 0));
    return at != m.end() && at->first == flow ? at->second : 0;
}

void take(Marking& m, int flow) {
    auto at = std::lower_bound(m.begin(), m.end(), std::make_pair(flow, 0));
    if (--at->second == 0) m.erase(at);
}

// False when the flow would hold more tokens than the game follows.
bool give(Marking& m, int flow) {
    auto at = std::lower_bound(m.begin(), m.end(), std::make_pair(flow, 0));
    if (at != m.end() && at->first == flow) return ++at->second <= mostTokensOnAFlow;
    m.insert(at, {flow, 1});
    return true;
}

class TokenGame {
public:
    explicit TokenGame(const ProcessDefinition& process) : _process(process) {
        for (const auto& [id, flow] : process.flows) {
            _flowIndex[id] = static_cast<int>(_flows.size());
            _flows.push_back(&flow);
        }
    }

    JoinCheck play() {
        Marking start;
        for (const auto& out : _process.node(_process.startNode).outgoing) give(start, index(out));
        std::set<Marking> seen{start};
        std::deque<Marking> queue{start};
        while (!queue.empty()) {
            Marking m = std::move(queue.front());
            queue.pop_front();
            bool capped = false;
            std::vector<Marking> next = moves(m, capped);
            if (next.empty() && !capped && !m.empty()) reportStuck(m);
            for (auto& n : next) {
                if (seen.size() >= mostStates) return {std::move(_problems), false};
                if (seen.insert(n).second) queue.push_back(std::move(n));
            }
        }
        return {std::move(_problems), true};
    }

private:
    int index(const std::string& flow) const { return _flowIndex.at(flow); }
    const FlowNode& target(int flow) const { return _process.node(_flows[static_cast<std::size_t>(flow)]->target); }

    // Every marking one element can make of `m`; `capped` when one was left out for
    // holding too many tokens.
    std::vector<Marking> moves(const Marking& m, bool& capped) {
        std::set<std::string> tried;
        std::vector<Marking> result;
        auto keep = [&](Marking n, const std::vector<int>& outs) {
            for (int out : outs)
                if (!give(n, out)) {
                    capped = true;
                    return;
                }
            result.push_back(std::move(n));
        };
        for (const auto& [flow, count] : m) {
            const FlowNode& node = target(flow);
            if (isJoin(node)) {
                if (!tried.insert(node.id).second || !joinCanFire(m, node)) continue;
                Marking joined = m;
                for (const auto& in : node.incoming)
                    if (tokensOn(joined, index(in)) > 0) take(joined, index(in));
                for (const auto& outs : waysOut(node)) keep(joined, outs);
                continue;
            }
            Marking taken = m;
            take(taken, flow);
            if (node.kind == NodeKind::terminateEndEvent) {
                result.push_back({});  // every branch ends
                continue;
            }
            for (const auto& outs : waysOut(node)) keep(taken, outs);
            for (const auto& b : node.boundaryEvents) {
                const FlowNode& timer = _process.node(b);
                std::vector<int> outs;
                for (const auto& out : timer.outgoing) outs.push_back(index(out));
                keep(timer.cancelActivity ? taken : m, outs);  // a timer that does not interrupt leaves the task
            }
        }
        return result;
    }

    static bool isJoin(const FlowNode& node) {
        return (node.kind == NodeKind::parallelGateway || node.kind == NodeKind::inclusiveGateway) &&
               node.incoming.size() > 1;
    }

    // A parallel join takes a token from every way in; an inclusive join from those
    // that have one, once no token elsewhere can still come to it.
    bool joinCanFire(const Marking& m, const FlowNode& join) {
        if (join.kind == NodeKind::parallelGateway) {
            for (const auto& in : join.incoming)
                if (tokensOn(m, index(in)) == 0) return false;
            return true;
        }
        for (const auto& [flow, count] : m) {
            const FlowNode& at = target(flow);
            if (at.id != join.id && reaches(at.id, join.id)) return false;
        }
        return true;
    }

    // The sets of flows an element can give tokens to when it moves on.
    std::vector<std::vector<int>> waysOut(const FlowNode& node) const {
        std::vector<int> all;
        for (const auto& out : node.outgoing) all.push_back(index(out));
        if (node.kind == NodeKind::endEvent) return {{}};
        if (all.size() <= 1) return {all};
        if (node.kind == NodeKind::exclusiveGateway || node.kind == NodeKind::eventBasedGateway) {
            std::vector<std::vector<int>> each;
            for (int out : all) each.push_back({out});
            return each;
        }
        if (node.kind != NodeKind::inclusiveGateway) return {all};  // tasks and forks: every flow
        std::vector<int> always, conditional;
        for (const auto& out : node.outgoing) {
            if (out == node.defaultFlow) continue;
            (_process.flow(out).condition.empty() ? always : conditional).push_back(index(out));
        }
        std::vector<std::vector<int>> ways;
        if (conditional.size() > mostConditionalBranches) {
            ways.push_back(always);
            ways.back().insert(ways.back().end(), conditional.begin(), conditional.end());
            return ways;
        }
        for (std::size_t subset = 0; subset < (std::size_t(1) << conditional.size()); ++subset) {
            std::vector<int> way = always;
            for (std::size_t i = 0; i < conditional.size(); ++i)
                if (subset & (std::size_t(1) << i)) way.push_back(conditional[i]);
            if (!way.empty()) ways.push_back(std::move(way));
        }
        if (always.empty() && !node.defaultFlow.empty()) ways.push_back({index(node.defaultFlow)});
        return ways;
    }

    // Whether a token at `from` can come to `to`, as the runtime decides for inclusive joins.
    bool reaches(const std::string& from, const std::string& to) {
        auto key = std::make_pair(from, to);
        auto known = _reach.find(key);
        if (known != _reach.end()) return known->second;
        std::set<std::string> seenNodes{from};
        std::deque<std::string> queue{from};
        bool found = false;
        while (!queue.empty() && !found) {
            const FlowNode& n = _process.node(queue.front());
            queue.pop_front();
            std::vector<std::string> next;
            for (const auto& out : n.outgoing) next.push_back(_process.flow(out).target);
            for (const auto& b : n.boundaryEvents) next.push_back(b);
            for (const auto& t : next) {
                if (t == to) found = true;
                if (seenNodes.insert(t).second) queue.push_back(t);
            }
        }
        return _reach[key] = found;
    }

    void reportStuck(const Marking& m) {
        std::set<std::string> joins;
        for (const auto& [flow, count] : m)
            if (isJoin(target(flow))) joins.insert(target(flow).id);
        for (const auto& id : joins) {
            if (!_reported.insert(id).second) continue;
            const FlowNode& join = _process.node(id);
            std::string arrived, missing;
            for (const auto& in : join.incoming) {
                std::string& list = tokensOn(m, index(in)) > 0 ? arrived : missing;
                list += (list.empty() ? "'" : ", '") + in + "'";
            }
            Problem problem;
            problem.code = "join-waits-for-ever";
            problem.path = bpmnElementPath(kindName(join.kind), join.id);
            problem.line = join.line;
            problem.message = "a case can reach this join along " + arrived + " while nothing can come along " +
                              (missing.empty() ? "the other flows" : missing) +
                              " any more, and would wait here for ever; join only branches that a fork (a parallel "
                              "or inclusive gateway, or a task with several flows out) started together";
            _problems.push_back(std::move(problem));
        }
    }

    const ProcessDefinition& _process;
    std::vector<const SequenceFlow*> _flows;
    std::map<std::string, int> _flowIndex;
    std::map<std::pair<std::string, std::string>, bool> _reach;
    std::set<std::string> _reported;
    Problems _problems;
};

}  // namespace

JoinCheck joinsThatCanWaitForever(const ProcessDefinition& process) { return TokenGame(process).play(); }

}  // namespace grantflow::workflow
