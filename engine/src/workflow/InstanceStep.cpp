#include "InstanceStep.h"

#include "WorkflowSchema.h"
#include "store/CaseVersions.h"
#include "XPathEvaluator.h"

#include <grantflow/AuditChain.h>
#include <grantflow/PaperRegistration.h>
#include <grantflow/SafeXmlParser.h>
#include <grantflow/workflow/WorkingCalendar.h>

#include <Poco/Bugcheck.h>
#include <Poco/Exception.h>

#include <exception>
#include <set>

namespace grantflow::workflow {

using Poco::Int64;

namespace {

// How an error names the element it happened at: "exclusiveGateway 'isComplete' (line 40)".
std::string named(const FlowNode& n) {
    return std::string(kindName(n.kind)) + " '" + n.id + "' (line " + std::to_string(n.line) + ")";
}

}  // namespace

Instant timerDue(const TimerSpec& timer, Instant now, const std::string& evaluated) {
    auto later = [&](Instant from, const IsoDuration& d) {
        return timer.workingDays ? WorkingCalendar::addWorkingDays(from, d.totalDays()) : addCalendar(from, d);
    };
    if (timer.form == TimerSpec::Form::date) {
        Instant at = timer.date;
        if (timer.expression) {
            auto parsed = parseIsoInstant(evaluated);
            if (!parsed) throw Poco::DataFormatException("the timer's date expression gave no ISO 8601 date", evaluated);
            at = *parsed;
        }
        return timer.after ? later(at, *timer.after) : at;
    }
    IsoDuration duration = timer.duration;
    if (timer.expression) {
        auto parsed = IsoDuration::parse(evaluated);
        if (!parsed || (timer.workingDays && !parsed->daysOnly()))
            throw Poco::DataFormatException("the timer's duration expression gave no usable ISO 8601 duration", evaluated);
        duration = *parsed;
    }
    return later(now, duration);
}

InstanceStep::InstanceStep(StatementCache& sql, CaseDocumentCache& documents, const ProcessDefinition& definition,
                           Int64 instanceId, Int64 caseId, std::string referenceNumber, Instant now, std::string actor)
    : _sql(sql),
      _documents(documents),
      _definition(definition),
      _instanceId(instanceId),
      _caseId(caseId),
      _referenceNumber(std::move(referenceNumber)),
      _now(now),
      _at(formatInstant(now)),
      _actor(std::move(actor)) {}

std::pair<Int64, CaseDocumentCache::Cached> latestCaseDocument(StatementCache& sql, CaseDocumentCache& cache,
                                                                Int64 caseId, const std::string& referenceNumber) {
    CaseVersions versions(sql);
    Int64 version = versions.latestVersion(caseId);
    if (version == 0) throw Poco::NotFoundException("case document of", referenceNumber);
    if (auto cached = cache.take(caseId, version)) return {version, std::move(*cached)};
    StoredCaseText stored = versions.latest(caseId);
    ParseResult parsed = SafeXmlParser().parse(stored.xml);
    if (parsed.document.empty())
        throw Poco::DataFormatException("the stored case document is not well-formed", referenceNumber);
    return {stored.version,
            CaseDocumentCache::Cached{std::move(parsed.document), CaseText::stored(std::move(stored.xml))}};
}

XmlDocument& InstanceStep::document() {
    if (!_documentLoaded) {
        auto [version, cached] = latestCaseDocument(_sql, _documents, _caseId, _referenceNumber);
        _documentVersion = version;
        _document = std::move(cached.document);
        _text = std::move(cached.text);
        _documentLoaded = true;
    }
    return _document;
}

InstanceStep::~InstanceStep() {
    // Entries left unwritten by a step that went through are a bug: its log would lose them.
    poco_assert_dbg(_events.empty() || std::uncaught_exceptions() > 0);
}

void InstanceStep::event(const std::string& kind, const std::string& detail) { _events.push_back({kind, detail}); }

void InstanceStep::writeEvents() {
    if (_events.empty()) return;
    _sql.execute(appendEventSql, _caseId, _at, _actor, _events.front().kind, joinedDetail(_events));
    _events.clear();
}

Int64 InstanceStep::insertToken(const std::string& node, const char* state, const std::string& via) {
    _sql.execute("INSERT INTO tokens(instance_id, node, state, via) VALUES(?, ?, ?, ?)", _instanceId, node, state, via);
    return _sql.lastInsertId();
}

void InstanceStep::insertJob(Int64 token, const std::string& node, const char* kind, Instant due, int remaining) {
    _sql.execute("INSERT INTO jobs(instance_id, case_id, token_id, node, kind, due_at, state, remaining) "
                 "VALUES(?, ?, ?, ?, ?, ?, 'ready', ?)",
                 _instanceId, _caseId, token, node, kind, due, remaining);
}

namespace {

// Jobs hang on a token at a service task, a timer, an event-based gateway (its
// timers) and a task with boundary events (its timers).
bool mayHoldJobs(const FlowNode& n) {
    return n.kind == NodeKind::serviceTask || n.kind == NodeKind::timerCatchEvent ||
           n.kind == NodeKind::eventBasedGateway || !n.boundaryEvents.empty();
}

}  // namespace

void InstanceStep::consumeToken(Int64 tokenId, const FlowNode* waitingAt, bool taskDone) {
    if (!waitingAt || mayHoldJobs(*waitingAt)) _sql.execute("DELETE FROM jobs WHERE token_id = ?", tokenId);
    std::vector<Int64> open;
    if (!taskDone && (!waitingAt || waitingAt->kind == NodeKind::userTask)) {
        // By instance first: its index narrows to a few rows, where by state alone
        // SQLite would walk every open task in the store.
        auto rows = _sql.query("SELECT id FROM tasks WHERE instance_id = ? AND token_id = ? AND state = 'open'",
                               _instanceId, tokenId);
        while (rows.next()) open.push_back(rows.integer(0));
    }
    for (Int64 task : open) {
        _sql.execute("UPDATE tasks SET state = 'cancelled', completed_at = ? WHERE id = ?", _now, task);
        _sql.execute("DELETE FROM task_candidates WHERE task_id = ?", task);
        event("task-cancelled", "task " + std::to_string(task));
    }
    _sql.execute("DELETE FROM tokens WHERE id = ?", tokenId);
}

void InstanceStep::start() {
    const FlowNode& start = _definition.node(_definition.startNode);
    leave(start);
}

void InstanceStep::leave(const FlowNode& node) {
    for (const auto& flowId : node.outgoing) _arrivals.emplace_back(_definition.flow(flowId).target, flowId);
}

void InstanceStep::arrive(const std::string& nodeId, const std::string& via) {
    const FlowNode& n = _definition.node(nodeId);
    switch (n.kind) {
        case NodeKind::startEvent:
        case NodeKind::boundaryTimerEvent:
        case NodeKind::boundaryMessageEvent:
            throw Poco::IllegalStateException("a sequence flow cannot lead to " + nodeId);
        case NodeKind::endEvent:
            event("end-reached", n.id + (n.name.empty() ? "" : " '" + n.name + "'"));
            break;
        case NodeKind::terminateEndEvent:
            terminate(n);
            break;
        case NodeKind::userTask:
            createTask(n);
            break;
        case NodeKind::serviceTask: {
            Int64 token = insertToken(n.id, "waiting", via);
            insertJob(token, n.id, "service", _now, 0);
            break;
        }
        case NodeKind::passThroughTask:
            event("task-passed", n.id + (n.name.empty() ? "" : " '" + n.name + "'"));
            leave(n);
            break;
        case NodeKind::noneThrowEvent:
            event("milestone-passed", n.id + (n.name.empty() ? "" : " '" + n.name + "'"));
            leave(n);
            break;
        case NodeKind::exclusiveGateway:
            diverge(n, false);
            break;
        case NodeKind::inclusiveGateway:
            if (n.incoming.size() > 1)
                insertToken(n.id, "joining", via);  // fired by fireReadyInclusiveJoins()
            else
                diverge(n, true);
            break;
        case NodeKind::parallelGateway:
            if (n.incoming.size() > 1)
                joinParallel(n, via);
            else
                leave(n);
            break;
        case NodeKind::eventBasedGateway: {
            Int64 token = insertToken(n.id, "waiting", via);
            for (const auto& out : n.outgoing) {
                const FlowNode& target = _definition.node(_definition.flow(out).target);
                if (target.kind == NodeKind::timerCatchEvent) armTimer(token, target);
            }
            event("waiting", n.id + ": the first of its events decides the way on");
            break;
        }
        case NodeKind::timerCatchEvent: {
            Int64 token = insertToken(n.id, "waiting", via);
            armTimer(token, n);
            break;
        }
        case NodeKind::messageCatchEvent:
            insertToken(n.id, "waiting", via);
            event("waiting", n.id + ": for message '" + n.messageName + "'");
            break;
    }
}

void InstanceStep::armTimer(Int64 token, const FlowNode& timerNode) {
    Instant due = 0;
    try {
        std::string evaluated;
        if (timerNode.timer.expression)
            evaluated = XPathEvaluator(document(), _definition.namespaces).text(timerNode.timer.text);
        due = timerDue(timerNode.timer, _now, evaluated);
    } catch (const Poco::Exception& e) {
        throw Poco::DataFormatException("the timer " + named(timerNode) + " cannot be set for case " +
                                        _referenceNumber + ": " + e.message() +
                                        "; the step was not taken");
    }
    int remaining = timerNode.timer.form == TimerSpec::Form::cycle ? timerNode.timer.repetitions - 1 : 0;
    insertJob(token, timerNode.id, "timer", due, remaining);
    event("timer-set", timerNode.id + " (" + timerNode.timer.text +
                           (timerNode.timer.workingDays ? " working days" : "") + ") due " + formatInstant(due));
}

void InstanceStep::createTask(const FlowNode& n) {
    Int64 token = insertToken(n.id, "waiting", "");
    Instant due = noDueDate;
    if (!n.dueDate.empty()) {
        if (auto d = IsoDuration::parse(n.dueDate))
            due = n.dueInWorkingDays ? WorkingCalendar::addWorkingDays(_now, d->totalDays()) : addCalendar(_now, *d);
        else if (auto at = parseIsoInstant(n.dueDate))
            due = *at;
    }
    std::string roles, users;
    for (const auto& r : n.candidateRoles) roles += (roles.empty() ? "" : " ") + r;
    for (const auto& u : n.candidateUsers) users += (users.empty() ? "" : " ") + u;
    Int64 dueAt = due;
    _sql.execute("INSERT INTO tasks(instance_id, case_id, token_id, node, name, state, assignee, roles, users, form, "
                 "due_at, created_at) VALUES(?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)",
                 _instanceId, _caseId, token, n.id, n.name, n.assignee, roles, users, n.formKey, dueAt, _now);
    Int64 taskId = _sql.lastInsertId();
    std::set<std::string> candidates;
    for (const auto& r : n.candidateRoles) candidates.insert("role:" + r);
    for (const auto& u : n.candidateUsers) candidates.insert("user:" + u);
    if (!n.assignee.empty()) candidates.insert("user:" + n.assignee);
    for (const auto& c : candidates)
        _sql.execute("INSERT INTO task_candidates(candidate, due_at, task_id) VALUES(?, ?, ?)", c, dueAt, taskId);
    for (const auto& b : n.boundaryEvents)
        if (const FlowNode& boundary = _definition.node(b); boundary.kind == NodeKind::boundaryTimerEvent)
            armTimer(token, boundary);
    // Everyone the task is for: its roles, then the people named.
    std::string who = roles;
    for (const std::string& people : {users, n.assignee})
        if (!people.empty()) who += (who.empty() ? "" : " ") + people;
    event("task-created", "task " + std::to_string(taskId) + ": " + n.id + (n.name.empty() ? "" : " '" + n.name + "'") +
                              " for " + who + (due == noDueDate ? "" : ", due " + formatInstant(due)));
}

void InstanceStep::diverge(const FlowNode& g, bool inclusive) {
    if (g.outgoing.size() == 1 && _definition.flow(g.outgoing[0]).condition.empty()) {
        leave(g);  // a merge, or a gateway with one unconditional way on
        return;
    }
    std::vector<std::string> taken;
    std::unique_ptr<XPathEvaluator> xpath;
    for (const auto& out : g.outgoing) {
        const SequenceFlow& f = _definition.flow(out);
        if (out == g.defaultFlow) continue;
        if (!f.condition.empty()) {
            if (!xpath) xpath = std::make_unique<XPathEvaluator>(document(), _definition.namespaces);
            bool holds = false;
            try {
                holds = xpath->test(f.condition);
            } catch (const Poco::Exception& e) {
                throw Poco::SyntaxException("the condition of sequenceFlow '" + out + "' (line " +
                                            std::to_string(f.line) + ") leaving " + named(g) +
                                            " cannot be evaluated for case " + _referenceNumber + ": " + e.message() +
                                            "; the step was not taken");
            }
            if (!holds) continue;
        }
        taken.push_back(out);
        if (!inclusive) break;  // exclusive: the first flow (in document order) whose condition holds
    }
    if (taken.empty() && !g.defaultFlow.empty()) taken.push_back(g.defaultFlow);
    if (taken.empty())
        throw Poco::IllegalStateException("gateway " + g.id + " has no way out for this case");
    std::string ways;
    for (const auto& out : taken) {
        const SequenceFlow& f = _definition.flow(out);
        ways += (ways.empty() ? "" : ", ") + out + (f.name.empty() ? "" : " '" + f.name + "'") + " to " + f.target;
        _arrivals.emplace_back(f.target, out);
    }
    event("gateway-passed", g.id + (g.name.empty() ? "" : " '" + g.name + "'") + " took " + ways);
}

void InstanceStep::joinParallel(const FlowNode& g, const std::string& via) {
    insertToken(g.id, "joining", via);
    std::vector<Int64> ids;
    std::vector<std::string> vias;
    {
        auto rows = _sql.query("SELECT id, via FROM tokens WHERE instance_id = ? AND node = ? AND state = 'joining' "
                               "ORDER BY id",
                               _instanceId, g.id);
        while (rows.next()) {
            ids.push_back(rows.integer(0));
            vias.push_back(rows.text(1));
        }
    }
    std::vector<Int64> consume;
    for (const auto& in : g.incoming) {
        bool found = false;
        for (std::size_t i = 0; i < ids.size() && !found; ++i)
            if (vias[i] == in) {
                consume.push_back(ids[i]);
                found = true;
            }
        if (!found) return;  // still waiting for another branch
    }
    for (Int64 t : consume) _sql.execute("DELETE FROM tokens WHERE id = ?", t);
    event("gateway-passed", g.id + (g.name.empty() ? "" : " '" + g.name + "'") + ": all branches joined");
    leave(g);
}

bool InstanceStep::canReach(const std::string& from, const std::string& to) const {
    std::set<std::string> seen{from};
    std::deque<std::string> queue{from};
    while (!queue.empty()) {
        const FlowNode& n = _definition.node(queue.front());
        queue.pop_front();
        if (n.id == to) return true;
        std::vector<std::string> next;
        for (const auto& out : n.outgoing) next.push_back(_definition.flow(out).target);
        for (const auto& b : n.boundaryEvents) next.push_back(b);
        for (const auto& t : next)
            if (seen.insert(t).second) queue.push_back(t);
    }
    return false;
}

bool InstanceStep::fireReadyInclusiveJoins() {
    // Most processes have no inclusive join: then there is nothing to look up.
    bool anyInclusiveJoin = false;
    for (const auto& [id, node] : _definition.nodes)
        if (node.kind == NodeKind::inclusiveGateway && node.incoming.size() > 1) anyInclusiveJoin = true;
    if (!anyInclusiveJoin) return false;
    std::vector<Int64> ids;
    std::vector<std::string> nodes, states;
    {
        auto rows = _sql.query("SELECT id, node, state FROM tokens WHERE instance_id = ?", _instanceId);
        while (rows.next()) {
            ids.push_back(rows.integer(0));
            nodes.push_back(rows.text(1));
            states.push_back(rows.text(2));
        }
    }
    std::set<std::string> joins;
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (states[i] == "joining" && _definition.node(nodes[i]).kind == NodeKind::inclusiveGateway)
            joins.insert(nodes[i]);
    for (const auto& join : joins) {
        // The join waits while any other token could still arrive at it.
        bool waiting = false;
        for (std::size_t i = 0; i < ids.size() && !waiting; ++i)
            if (nodes[i] != join && canReach(nodes[i], join)) waiting = true;
        if (waiting) continue;
        _sql.execute("DELETE FROM tokens WHERE instance_id = ? AND node = ? AND state = 'joining'", _instanceId, join);
        diverge(_definition.node(join), true);
        return true;
    }
    return false;
}

void InstanceStep::terminate(const FlowNode& end) {
    _arrivals.clear();
    std::vector<Int64> tokens;
    {
        auto rows = _sql.query("SELECT id FROM tokens WHERE instance_id = ?", _instanceId);
        while (rows.next()) tokens.push_back(rows.integer(0));
    }
    for (Int64 t : tokens) consumeToken(t);
    _terminated = true;
    event("terminated", end.id + (end.name.empty() ? "" : " '" + end.name + "'") + " ended every branch");
}

void InstanceStep::finish() {
    // A token passes each element a few times in a step at most. Far more means a
    // loop in which nothing waits: deploy refuses those (loopsThatNeverWait), but a
    // definition stored before it did would otherwise spin here for ever, holding
    // the write lock and filling the log.
    const std::size_t mostArrivals = 100 * _definition.nodes.size() + 10000;
    std::size_t arrivals = 0;
    for (;;) {
        while (!_arrivals.empty()) {
            auto [node, via] = _arrivals.front();
            _arrivals.pop_front();
            if (++arrivals > mostArrivals)
                throw Poco::RuntimeException("case " + _referenceNumber + " passed " + std::to_string(mostArrivals) +
                                             " elements in one step without waiting, the last " +
                                             named(_definition.node(node)) +
                                             ": its workflow loops without waiting; the step was not taken");
            arrive(node, via);
        }
        if (!fireReadyInclusiveJoins()) break;
    }
    std::set<std::string> waitingAt;
    {
        auto rows = _sql.query("SELECT node FROM tokens WHERE instance_id = ?", _instanceId);
        while (rows.next()) waitingAt.insert(rows.text(0));
    }
    std::string where;
    if (waitingAt.empty()) {
        std::string state = _terminated ? "terminated" : "completed";
        _sql.execute("UPDATE process_instances SET state = ?, ended_at = ? WHERE id = ?", state, _at, _instanceId);
        event("workflow-" + state, _definition.key);
        where = _terminated ? "terminated" : "closed";
    } else {
        for (const auto& node : waitingAt) where += (where.empty() ? "" : ",") + node;
    }
    // The case's state is where its workflow waits ("completeness", "decision", or
    // "closed"), so that cases can be listed by it; a scan whose application is not yet
    // keyed in keeps saying so.
    _sql.execute("UPDATE cases SET state = ? WHERE id = ? AND state <> ? AND state <> ?", where, _caseId,
                 std::string(caseState::awaitingKeying), where);
    writeEvents();
    if (_documentChanged) {
        CaseText previous = std::move(_text);
        _text = _wholeDocumentChanged ? CaseText::write(_document) : previous.rewrite(_document, _changedParts);
        Int64 version = _documentVersion + 1;
        CaseVersions(_sql).store(_caseId, version, _text.text(), _at,
                                 previous.text().empty() ? nullptr : &previous.text());
        _documentVersion = version;
        _documentChanged = _wholeDocumentChanged = false;
        _changedParts.clear();
    }
    // A case whose workflow ended is not kept: it would only push out cases still moving.
    if (_documentLoaded && !waitingAt.empty())
        _documents.put(_caseId, _documentVersion, {std::move(_document), std::move(_text)});
    else if (_documentLoaded)
        _documents.retire(std::move(_document));
    _documentLoaded = false;
}

}  // namespace grantflow::workflow
