#include <grantflow/workflow/WorkflowEngine.h>

#include "DecisionRequests.h"
#include "EngineImpl.h"
#include "InstanceStep.h"
#include "OutcomeMerger.h"
#include "store/StatementCache.h"
#include "WorkflowSchema.h"
#include "WriteTransaction.h"

#include <grantflow/ApplicationIntake.h>
#include <grantflow/CleanText.h>
#include <grantflow/ReferenceNumber.h>
#include <grantflow/SafeXmlParser.h>
#include <grantflow/SchemaValidator.h>

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <algorithm>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <set>

namespace grantflow::workflow {

using namespace Poco::Data::Keywords;
using Poco::Int64;

namespace {

// The parts of a case document only the agency writes: the application as received,
// its registration, the outcomes of its own steps, the decision, and what the
// engine records of letters, payments and requests. A message payload (what a party
// or another system sent) merged under one of these names would pass for them.
bool isAgencyRecord(xmlNodePtr root) {
    static const std::set<std::string> names = {
        "application", "registration",  "review",         "decision",        "letters", "payments", "steps",
        "closed",      "supplementRequest", "communication", "decisionRequest"};
    return root && names.count(reinterpret_cast<const char*>(root->name)) > 0;
}

std::string describe(const FlowNode& n) { return n.id + (n.name.empty() ? "" : " '" + n.name + "'"); }

bool isMessageEvent(const FlowNode& n) {
    return n.kind == NodeKind::messageCatchEvent || n.kind == NodeKind::boundaryMessageEvent;
}

// The events a token waiting at `at` waits for from outside: the catch event itself,
// an event-based gateway's events (messages and timers), or a user task's message
// boundary events (besides its performer).
std::vector<const FlowNode*> awaitedEvents(const ProcessDefinition& definition, const FlowNode& at) {
    std::vector<const FlowNode*> events;
    if (at.kind == NodeKind::messageCatchEvent) events.push_back(&at);
    if (at.kind == NodeKind::eventBasedGateway)
        for (const auto& out : at.outgoing) events.push_back(&definition.node(definition.flow(out).target));
    for (const auto& b : at.boundaryEvents)
        if (const FlowNode& boundary = definition.node(b); isMessageEvent(boundary)) events.push_back(&boundary);
    return events;
}

// The event that takes message `name` for a token waiting at `at`, if any.
const FlowNode* messageCatcher(const ProcessDefinition& definition, const FlowNode& at, const std::string& name) {
    for (const FlowNode* event : awaitedEvents(definition, at))
        if (isMessageEvent(*event) && event->messageName == name) return event;
    return nullptr;
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> result;
    std::string current;
    for (char c : text) {
        if (c == ' ') {
            if (!current.empty()) result.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) result.push_back(current);
    return result;
}

}  // namespace

WorkflowEngine::WorkflowEngine(Poco::Data::Session& session, EngineSettings settings)
    : _impl(std::make_unique<Impl>(session, settings.documentCacheSize)), _settings(std::move(settings)) {
    createWorkflowTables(session);
}

WorkflowEngine::~WorkflowEngine() = default;

DeployResult WorkflowEngine::deploy(const std::string& bpmnBytes, const std::string& source, const std::string& actor) {
    DeployResult result;
    LoaderSettings settings;
    settings.outcomeSchemaDirectory = _settings.outcomeSchemaDirectory;
    settings.knownPlugins = _services.names();
    LoadedDefinitions loaded = BpmnLoader(settings).load(bpmnBytes);
    if (!loaded.problems.empty()) {
        result.problems = std::move(loaded.problems);
        return result;
    }
    result.notes = std::move(loaded.notes);
    auto& session = _impl->session;
    std::string sha = sha256Hex(bpmnBytes), at = formatInstant(_settings.clock.now());
    std::string bytes = bpmnBytes, src = source, who = actor;
    WriteTransaction transaction(_impl->sql, _impl->documents);
    for (const auto& p : loaded.processes) {
        std::string key = p.key, name = p.name, lastSha;
        int lastVersion = 0;
        Int64 lastId = 0;
        session << "SELECT id, version, sha256 FROM process_definitions WHERE key = ? ORDER BY version DESC LIMIT 1",
            use(key), into(lastId), into(lastVersion), into(lastSha), now;
        DeployedVersion v;
        v.key = key;
        v.name = name;
        v.source = source;
        v.deployedBy = actor;
        v.deployedAt = at;
        if (lastId != 0 && lastSha == sha) {
            v.id = lastId;
            v.version = lastVersion;
            result.unchanged.push_back(true);
        } else {
            v.version = lastVersion + 1;
            session << "INSERT INTO process_definitions(key, version, name, bpmn, sha256, source, deployed_at, "
                       "deployed_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
                use(key), use(v.version), use(name), use(bytes), use(sha), use(src), use(at), use(who), now;
            Int64 newId = 0;
            session << "SELECT last_insert_rowid()", into(newId), now;
            v.id = newId;
            result.unchanged.push_back(false);
        }
        result.deployed.push_back(v);
    }
    transaction.commit();
    return result;
}

std::vector<DeployedVersion> WorkflowEngine::versions() {
    std::vector<Int64> ids, running;
    std::vector<std::string> keys, names, at, by, sources;
    std::vector<int> numbers;
    _impl->session << "SELECT d.id, d.key, d.version, COALESCE(d.name, ''), d.deployed_at, d.deployed_by, "
                      "COALESCE(d.source, ''), (SELECT COUNT(*) FROM process_instances i WHERE i.definition_id = d.id "
                      "AND i.state = 'active') FROM process_definitions d ORDER BY d.key, d.version",
        into(ids), into(keys), into(numbers), into(names), into(at), into(by), into(sources), into(running), now;
    std::vector<DeployedVersion> result;
    for (std::size_t i = 0; i < ids.size(); ++i)
        result.push_back({ids[i], keys[i], names[i], at[i], by[i], sources[i], numbers[i], running[i]});
    return result;
}

Outcome WorkflowEngine::startCase(const std::string& referenceNumber, const std::string& processKey,
                                  const std::string& actor) {
    std::string key = processKey.empty() ? _settings.defaultProcess : processKey;
    Instant nowAt = _settings.clock.now();
    WriteTransaction transaction(_impl->sql, _impl->documents);
    auto caseId = _impl->caseId(referenceNumber);
    if (!caseId) return Outcome::refused("no-such-case", "no case is registered as '" + referenceNumber + "'");
    auto& sql = _impl->sql;
    Int64 definitionId = sql.integer("SELECT id FROM process_definitions WHERE key = ? ORDER BY version DESC LIMIT 1", 0, key);
    if (definitionId == 0)
        return Outcome::refused("no-such-process", "no process '" + key + "' is deployed (grantflow deploy FILE.bpmn)");
    // A case runs a process once: starting again (after a crash, or a second call from
    // registration) finds the instance there is, running or ended.
    Int64 existing = 0;
    std::string existingState;
    {
        auto rows = sql.query("SELECT id, state FROM process_instances WHERE case_id = ? AND process_key = ? "
                              "ORDER BY id LIMIT 1",
                              *caseId, key);
        if (rows.next()) {
            existing = rows.integer(0);
            existingState = rows.text(1);
        }
    }
    if (existing != 0) {
        Outcome o;
        o.code = existingState == "active" ? "already-running" : "already-ended";
        o.message = "the case already " + std::string(existingState == "active" ? "runs " : "ran ") + key;
        o.id = existing;
        return o;
    }
    auto definition = _impl->definition(definitionId);
    std::string at = formatInstant(nowAt);
    sql.execute("INSERT INTO process_instances(case_id, definition_id, process_key, state, started_at) "
                "VALUES(?, ?, ?, 'active', ?)",
                *caseId, definitionId, key, at);
    Int64 instanceId = sql.lastInsertId();
    std::string dnr = ReferenceNumber::parse(referenceNumber).toString();
    InstanceStep step(_impl->sql, _impl->documents, *definition, instanceId, *caseId, dnr, nowAt, actor);
    int version = static_cast<int>(sql.integer("SELECT version FROM process_definitions WHERE id = ?", 0, definitionId));
    step.event("workflow-started", key + " version " + std::to_string(version));
    step.start();
    step.finish();
    transaction.commit();
    Outcome o;
    o.message = "started " + key + " version " + std::to_string(version);
    o.id = instanceId;
    return o;
}

std::vector<TaskInfo> WorkflowEngine::tasks(const TaskQuery& query) {
    auto& sql = _impl->sql;
    const std::string columns =
        "SELECT t.id, c.dnr, i.process_key, d.version, t.node, COALESCE(t.name, ''), t.state, "
        "COALESCE(t.assignee, ''), COALESCE(t.roles, ''), COALESCE(t.form, ''), t.due_at, t.created_at "
        "FROM tasks t JOIN process_instances i ON i.id = t.instance_id JOIN process_definitions d ON "
        "d.id = i.definition_id JOIN cases c ON c.id = t.case_id ";
    std::vector<TaskInfo> result;
    auto read = [&](StatementCache::Rows& rows) {
        while (rows.next()) {
            TaskInfo t;
            t.id = rows.integer(0);
            t.referenceNumber = rows.text(1);
            t.processKey = rows.text(2);
            t.processVersion = static_cast<int>(rows.integer(3));
            t.node = rows.text(4);
            t.name = rows.text(5);
            t.state = rows.text(6);
            t.assignee = rows.text(7);
            t.roles = rows.text(8);
            t.form = rows.text(9);
            t.dueAt = rows.integer(10) == noDueDate ? "" : formatInstant(rows.integer(10));
            t.createdAt = formatInstant(rows.integer(11));
            result.push_back(std::move(t));
        }
    };
    const Int64 limit = query.limit;
    if (!query.referenceNumber.empty()) {
        auto caseId = _impl->caseId(query.referenceNumber);
        if (!caseId) return {};
        auto rows = sql.query(columns + "WHERE t.case_id = ? AND t.state = 'open' ORDER BY t.id LIMIT ?", *caseId, limit);
        read(rows);
        return result;
    }
    if (query.role.empty() && query.user.empty()) {
        auto rows = sql.query(columns + "WHERE t.state = 'open' ORDER BY t.due_at, t.id LIMIT ?", limit);
        read(rows);
        return result;
    }
    std::vector<std::string> candidates;
    if (!query.role.empty()) candidates.push_back("role:" + query.role);
    if (!query.user.empty()) {
        candidates.push_back("user:" + query.user);
        if (query.role.empty())
            for (const auto& r : rolesOf(query.user)) candidates.push_back("role:" + r);
    }
    // Each candidate's queue is read in index order and cut at the limit, then the
    // queues are merged: the cost follows the limit, not the number of open tasks.
    std::set<std::pair<Int64, Int64>> queue;  // due, task id
    const std::string candidateQueue =
        std::string("SELECT c.due_at, c.task_id FROM task_candidates c JOIN tasks q ON q.id = c.task_id "
                    "WHERE c.candidate = ? ") +
        (query.includeClaimed ? "" : "AND COALESCE(q.assignee, '') = '' ") + "ORDER BY c.due_at, c.task_id LIMIT ?";
    for (const auto& c : candidates) {
        auto rows = sql.query(candidateQueue, c, limit);
        while (rows.next()) queue.emplace(rows.integer(0), rows.integer(1));
    }
    for (const auto& [due, id] : queue) {
        if (static_cast<Int64>(result.size()) >= limit) break;
        if (!query.user.empty() && keptApart(id, query.user)) continue;  // not a task this user may do
        auto rows = sql.query(columns + "WHERE t.id = ?", id);
        read(rows);
    }
    return result;
}

bool WorkflowEngine::keptApart(long long taskId, const std::string& user) {
    Int64 instanceId = 0;
    std::string node;
    {
        auto rows = _impl->sql.query("SELECT instance_id, node FROM tasks WHERE id = ?", static_cast<Int64>(taskId));
        if (!rows.next()) return false;
        instanceId = rows.integer(0);
        node = rows.text(1);
    }
    auto instance = _impl->instance(instanceId);
    if (!instance) return false;
    for (const auto& other : _impl->definition(instance->definitionId)->node(node).notSameAs)
        if (_impl->sql.integer("SELECT COUNT(*) FROM tasks WHERE instance_id = ? AND node = ? AND completed_by = ? "
                               "AND state = 'completed'",
                               0, instanceId, other, user) > 0)
            return true;
    return false;
}

namespace {

struct TaskRow {
    Int64 id = 0, instanceId = 0, tokenId = 0;
    std::string node, state, assignee, roles, users, form;
};

TaskRow loadTask(StatementCache& sql, Int64 id) {
    TaskRow t;
    auto rows = sql.query("SELECT id, instance_id, COALESCE(token_id, 0), node, state, COALESCE(assignee, ''), "
                          "COALESCE(roles, ''), COALESCE(users, ''), COALESCE(form, '') FROM tasks WHERE id = ?",
                          id);
    if (!rows.next()) return t;
    t.id = rows.integer(0);
    t.instanceId = rows.integer(1);
    t.tokenId = rows.integer(2);
    t.node = rows.text(3);
    t.state = rows.text(4);
    t.assignee = rows.text(5);
    t.roles = rows.text(6);
    t.users = rows.text(7);
    t.form = rows.text(8);
    return t;
}

}  // namespace

// Whether `user` may work on the task: holds a candidate role, is a candidate user
// or the assignee, and did not do a task this one must be kept apart from.
static Outcome mayWork(WorkflowEngine& engine, StatementCache& sql, const TaskRow& t,
                       const FlowNode& node, const std::string& user) {
    if (t.id == 0) return Outcome::refused("no-such-task", "there is no such task");
    // An empty name would match a task's empty candidate list and be recorded as the performer.
    if (Poco::trim(user).empty()) return Outcome::refused("no-user", "no user is named: say who does the task");
    if (t.state != "open")
        return Outcome::refused("task-closed", "task " + std::to_string(t.id) + " is already " + t.state);
    if (!node.assignee.empty() && node.assignee != user)
        return Outcome::refused("not-a-candidate", "only " + node.assignee + " may do this task");
    if (!t.assignee.empty() && t.assignee != user)
        return Outcome::refused("claimed", "task " + std::to_string(t.id) + " is claimed by " + t.assignee);
    auto held = engine.rolesOf(user);
    auto users = words(t.users);
    bool candidate = std::find(users.begin(), users.end(), user) != users.end() || node.assignee == user;
    for (const auto& r : words(t.roles))
        if (std::find(held.begin(), held.end(), r) != held.end()) candidate = true;
    if (!candidate)
        return Outcome::refused("not-a-candidate",
                                user + " holds none of the roles this task is for (" + t.roles + ")");
    for (const auto& other : node.notSameAs) {
        Int64 count = sql.integer("SELECT COUNT(*) FROM tasks WHERE instance_id = ? AND node = ? AND completed_by = ? "
                                  "AND state = 'completed'",
                                  0, t.instanceId, other, user);
        if (count > 0)
            return Outcome::refused("four-eyes", user + " did '" + other + "' in this case and so may not do '" +
                                                     node.id + "' (four-eyes rule)");
    }
    return {};
}

Outcome WorkflowEngine::claim(long long taskId, const std::string& user) {
    auto& session = _impl->session;
    WriteTransaction transaction(_impl->sql, _impl->documents);
    TaskRow t = loadTask(_impl->sql, taskId);
    if (t.id == 0) return Outcome::refused("no-such-task", "there is no task " + std::to_string(taskId));
    auto instance = _impl->instance(t.instanceId);
    auto definition = _impl->definition(instance->definitionId);
    Outcome allowed = mayWork(*this, _impl->sql, t, definition->node(t.node), user);
    if (!allowed.ok) return allowed;
    if (t.assignee == user) {
        Outcome o;
        o.code = "already-claimed";
        o.message = "task " + std::to_string(taskId) + " is already yours";
        o.id = taskId;
        return o;
    }
    std::string u = user;
    Int64 id = taskId;
    session << "UPDATE tasks SET assignee = ? WHERE id = ?", use(u), use(id), now;
    InstanceStep step(_impl->sql, _impl->documents, *definition, t.instanceId, instance->caseId, instance->dnr, _settings.clock.now(), user);
    step.event("task-claimed", "task " + std::to_string(taskId) + ": " + t.node);
    step.writeEvents();
    transaction.commit();
    Outcome o;
    o.message = "claimed task " + std::to_string(taskId);
    o.id = taskId;
    return o;
}

Outcome WorkflowEngine::unclaim(long long taskId, const std::string& user) {
    auto& session = _impl->session;
    WriteTransaction transaction(_impl->sql, _impl->documents);
    TaskRow t = loadTask(_impl->sql, taskId);
    if (t.id == 0 || t.state != "open") return Outcome::refused("no-such-task", "there is no open task " + std::to_string(taskId));
    if (t.assignee != user) return Outcome::refused("claimed", "task " + std::to_string(taskId) + " is not claimed by " + user);
    Int64 id = taskId;
    session << "UPDATE tasks SET assignee = NULL WHERE id = ?", use(id), now;
    auto instance = _impl->instance(t.instanceId);
    auto definition = _impl->definition(instance->definitionId);
    InstanceStep step(_impl->sql, _impl->documents, *definition, t.instanceId, instance->caseId, instance->dnr, _settings.clock.now(), user);
    step.event("task-unclaimed", "task " + std::to_string(taskId) + ": " + t.node);
    step.writeEvents();
    transaction.commit();
    return {};
}

Outcome WorkflowEngine::complete(long long taskId, const std::string& user, const std::string& outcomeXml) {
    // Parse and validate before taking the write lock: it is the slow part.
    TaskRow before = loadTask(_impl->sql, taskId);
    if (before.id == 0) return Outcome::refused("no-such-task", "there is no task " + std::to_string(taskId));
    {
        // Who may do it is said before what is wrong with the outcome; checked again below.
        auto instance = _impl->instance(before.instanceId);
        auto definition = _impl->definition(instance->definitionId);
        Outcome allowed = mayWork(*this, _impl->sql, before, definition->node(before.node), user);
        if (!allowed.ok) return allowed;
    }
    XmlDocument outcome;
    if (!before.form.empty()) {
        if (outcomeXml.empty())
            return Outcome::refused("outcome-missing", "task " + std::to_string(taskId) + " needs an outcome document (form '" +
                                                           before.form + "'): --outcome FILE.xml");
        ParseResult parsed = SafeXmlParser().parse(outcomeXml);
        if (parsed.document.empty() || !parsed.problems.empty()) {
            Outcome o = Outcome::refused("outcome-invalid", "the outcome document is not well-formed XML");
            o.problems = parsed.problems;
            return o;
        }
        Problems problems = _impl->form(_settings.outcomeSchemaDirectory, before.form).check(parsed.document);
        if (!problems.empty()) {
            Outcome o = Outcome::refused("outcome-invalid", "the outcome does not match schemas/outcomes/" +
                                                                before.form + ".xsd");
            o.problems = std::move(problems);
            return o;
        }
        outcome = std::move(parsed.document);
    } else if (!outcomeXml.empty()) {
        return Outcome::refused("outcome-unexpected", "task " + std::to_string(taskId) + " has no form and takes no outcome");
    }

    // Inside a StepBatch the checks above already ran under the write lock, so nothing
    // can have changed since; otherwise another writer may have, and they run again.
    const bool checkedUnderLock = _impl->sql.inTransaction();
    WriteTransaction transaction(_impl->sql, _impl->documents);
    TaskRow t = checkedUnderLock ? before : loadTask(_impl->sql, taskId);
    auto instance = _impl->instance(t.instanceId);
    auto definition = _impl->definition(instance->definitionId);
    const FlowNode& node = definition->node(t.node);
    if (!checkedUnderLock) {
        Outcome allowed = mayWork(*this, _impl->sql, t, node, user);
        if (!allowed.ok) return allowed;
    }
    Instant nowAt = _settings.clock.now();
    InstanceStep step(_impl->sql, _impl->documents, *definition, t.instanceId, instance->caseId, instance->dnr, nowAt, user);
    xmlNodePtr merged = nullptr;
    if (!outcome.empty()) {
        merged = mergeIntoCase(step.document(), outcome, {user, fullName(user), formatInstant(nowAt), t.node});
        // Rules over the whole case see the outcome in its place; a refusal undoes the step.
        Problems problems = _impl->form(_settings.outcomeSchemaDirectory, t.form).checkCase(step.document());
        if (!problems.empty()) {
            Outcome o = Outcome::refused("outcome-case-rule", "the outcome cannot be taken in case " + instance->dnr +
                                                                  " as it stands (schemas/outcomes/" + t.form + ".xsd)");
            o.problems = std::move(problems);
            return o;
        }
    }
    step.event("task-completed", "task " + std::to_string(taskId) + ": " + describe(node) +
                                     (t.form.empty() ? "" : " with outcome '" + t.form + "'"));
    if (merged) {
        if (isCaseDecision(merged)) recordDecision(_impl->sql, step, instance->caseId, nowAt, merged);
        step.documentChanged(merged);
    }
    Int64 id = taskId;
    _impl->sql.execute("UPDATE tasks SET state = 'completed', assignee = ?, completed_by = ?, completed_at = ? WHERE id = ?",
                       user, user, nowAt, id);
    _impl->sql.execute("DELETE FROM task_candidates WHERE task_id = ?", id);
    step.consumeToken(t.tokenId, &node, true);
    step.leave(node);
    step.finish();
    transaction.commit();
    Outcome o;
    o.message = "completed task " + std::to_string(taskId) + " (" + describe(node) + ")";
    o.id = taskId;
    return o;
}

Outcome WorkflowEngine::message(const std::string& referenceNumber, const std::string& name,
                                const std::string& messageId, const std::string& actor, const std::string& payloadXml) {
    XmlDocument payload;
    if (!payloadXml.empty()) {
        ParseResult parsed = SafeXmlParser().parse(payloadXml);
        if (parsed.document.empty() || !parsed.problems.empty()) {
            Outcome o = Outcome::refused("payload-invalid", "the message payload is not well-formed XML");
            o.problems = parsed.problems;
            return o;
        }
        payload = std::move(parsed.document);
        if (isAgencyRecord(payload.root()))
            return Outcome::refused("payload-invalid",
                                    std::string("a message cannot bring <") +
                                        reinterpret_cast<const char*>(payload.root()->name) +
                                        ">: that part of the case is the agency's own record");
    }
    WriteTransaction transaction(_impl->sql, _impl->documents);
    auto caseId = _impl->caseId(referenceNumber);
    if (!caseId) return Outcome::refused("no-such-case", "no case is registered as '" + referenceNumber + "'");
    std::string id = messageId, receivedAt;
    {
        auto rows = _impl->sql.query("SELECT received_at FROM messages WHERE message_id = ?", id);
        if (rows.next()) receivedAt = rows.text(0);
    }
    if (!receivedAt.empty()) {
        Outcome o;
        o.code = "duplicate";
        o.message = "message " + messageId + " was already taken at " + receivedAt + "; nothing more to do";
        return o;
    }
    std::vector<Int64> tokens, instances, definitionIds;
    std::vector<std::string> nodes;
    {
        auto rows = _impl->sql.query("SELECT t.id, t.instance_id, t.node, i.definition_id FROM tokens t JOIN "
                                     "process_instances i ON i.id = t.instance_id WHERE i.case_id = ? AND "
                                     "i.state = 'active' AND t.state = 'waiting' ORDER BY t.id",
                                     *caseId);
        while (rows.next()) {
            tokens.push_back(rows.integer(0));
            instances.push_back(rows.integer(1));
            nodes.push_back(rows.text(2));
            definitionIds.push_back(rows.integer(3));
        }
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        auto definition = _impl->definition(definitionIds[i]);
        const FlowNode& at = definition->node(nodes[i]);
        const FlowNode* event = messageCatcher(*definition, at, name);
        if (!event) continue;
        Instant nowAt = _settings.clock.now();
        std::string dnr = ReferenceNumber::parse(referenceNumber).toString(), received = formatInstant(nowAt);
        InstanceStep step(_impl->sql, _impl->documents, *definition, instances[i], *caseId, dnr, nowAt, actor);
        _impl->sql.execute("INSERT INTO messages(message_id, case_id, name, instance_id, received_at) "
                           "VALUES(?, ?, ?, ?, ?)",
                           id, *caseId, name, instances[i], received);
        if (!payload.empty()) {
            step.documentChanged(mergeIntoCase(step.document(), payload, {actor, fullName(actor), received, event->id}));
        }
        step.event("message-received", "'" + name + "' (id " + messageId + ") at " + describe(*event));
        // A boundary event that does not interrupt leaves its task open, and the token there.
        if (event->kind != NodeKind::boundaryMessageEvent || event->cancelActivity) step.consumeToken(tokens[i], &at);
        step.leave(*event);
        step.finish();
        transaction.commit();
        Outcome o;
        o.message = "message '" + name + "' taken by " + describe(*event);
        o.id = instances[i];
        return o;
    }
    std::string waits;
    for (const auto& w : waitingPoints(referenceNumber))
        waits += (waits.empty() ? "" : "; ") + w.node + " (" + w.kind + (w.detail.empty() ? "" : " " + w.detail) + ")";
    return Outcome::refused("not-waiting", "case " + referenceNumber + " waits for no message '" + name + "'" +
                                               (waits.empty() ? " (no workflow of it is waiting)" : "; it waits at: " + waits));
}

std::optional<Instant> WorkflowEngine::nextJobDue() {
    auto rows = _impl->sql.query("SELECT MIN(due_at) FROM jobs WHERE state = 'ready'");
    if (!rows.next() || rows.isNull(0)) return std::nullopt;
    return rows.integer(0);
}

int WorkflowEngine::runDueJobs(int limit, bool waitForPreparation) {
    prepareDueJobs(limit);
    if (waitForPreparation) awaitPreparation();
    const Instant selectedAt = _settings.clock.now();
    std::set<Int64> seen;          // run, or left for a later call, by this one
    std::deque<Int64> candidates;  // due, in due order, not yet seen
    int ran = 0;
    while (ran < limit) {
        if (candidates.empty()) {
            // Fetched a batch at a time; the jobs that the ones run create (a timer's
            // service task, say) are found by the next fetch.
            auto rows = _impl->sql.query("SELECT id FROM jobs WHERE state = 'ready' AND due_at <= ? "
                                         "ORDER BY due_at, id LIMIT ?",
                                         selectedAt, static_cast<Int64>(std::min(limit - ran, 4096) + seen.size()));
            while (rows.next())
                if (!seen.count(rows.integer(0))) candidates.push_back(rows.integer(0));
            if (candidates.empty()) return ran;
        }
        const Int64 jobId = candidates.front();
        candidates.pop_front();
        seen.insert(jobId);
        Int64 instanceId = 0, tokenId = 0, caseId = 0;
        std::string node, kind;
        int attempts = 0, remaining = 0;
        std::string failure;
        Instant nowAt = selectedAt;
        {
            WriteTransaction transaction(_impl->sql, _impl->documents);
            {
                // Read again inside the step: a job run before it may have removed it.
                auto rows = _impl->sql.query("SELECT instance_id, token_id, case_id, node, kind, attempts, remaining "
                                             "FROM jobs WHERE id = ? AND state = 'ready'",
                                             jobId);
                if (!rows.next()) continue;
                instanceId = rows.integer(0);
                tokenId = rows.integer(1);
                caseId = rows.integer(2);
                node = rows.text(3);
                kind = rows.text(4);
                attempts = static_cast<int>(rows.integer(5));
                remaining = static_cast<int>(rows.integer(6));
            }
            auto instance = _impl->instance(instanceId);
            auto definition = _impl->definition(instance->definitionId);
            const FlowNode& n = definition->node(node);
            std::optional<JobPreparation::Done> prepared;
            if (_impl->preparation) prepared = _impl->preparation->done(jobId);
            if (!prepared && !waitForPreparation && kind == "service" && _services.preparer(n.plugin))
                continue;  // not prepared yet: a later call finds it ready
            // A job prepared ahead runs as of the instant it was prepared for, so that
            // what was prepared is exactly what the step would make.
            if (prepared) nowAt = std::min(prepared->at, selectedAt);
            ++ran;
            InstanceStep step(_impl->sql, _impl->documents, *definition, instanceId, caseId, instance->dnr, nowAt, "worker");
            if (kind == "timer") {
                step.event("timer-fired", describe(n) + " (" + n.timer.text + ")");
                if (n.kind == NodeKind::boundaryTimerEvent && !n.cancelActivity) {
                    if (remaining != 0) {
                        Int64 due = timerDue(n.timer, nowAt), left = remaining > 0 ? remaining - 1 : remaining;
                        _impl->sql.execute("UPDATE jobs SET due_at = ?, remaining = ? WHERE id = ?", due, left, jobId);
                    } else {
                        _impl->sql.execute("DELETE FROM jobs WHERE id = ?", jobId);
                    }
                } else {
                    step.consumeToken(tokenId);  // an interrupting boundary timer cancels its task here
                }
                step.leave(n);
                step.finish();
                transaction.commit();
                continue;
            }
            try {
                ServiceCall call;
                call.referenceNumber = instance->dnr;
                call.nodeId = n.id;
                call.nodeName = n.name;
                call.jobId = jobId;
                call.attempt = attempts + 1;
                call.now = formatInstant(nowAt);
                call.caseDocument = &step.document();
                call.documentVersion = step.documentVersion();
                _services.get(n.plugin)(call);
                if (call.documentChanged) step.documentChanged(call.changedPart);
                step.event("service-done", describe(n) + " (" + n.plugin + ", job " + std::to_string(jobId) + ")");
                step.consumeToken(tokenId, &n);
                step.leave(n);
                step.finish();
                transaction.commit();
                continue;
            } catch (const Poco::Exception& e) {
                failure = e.displayText();
            } catch (const std::exception& e) {
                failure = e.what();
            }
        }  // the failed attempt is rolled back here; what it tried to record is gone
        WriteTransaction transaction(_impl->sql, _impl->documents);
        auto instance = _impl->instance(instanceId);
        auto definition = _impl->definition(instance->definitionId);
        const FlowNode& n = definition->node(node);
        InstanceStep step(_impl->sql, _impl->documents, *definition, instanceId, caseId, instance->dnr, nowAt, "worker");
        ++attempts;
        std::string at = formatInstant(nowAt);
        if (attempts >= n.retries) {
            _impl->sql.execute("UPDATE jobs SET attempts = ?, state = 'incident', last_error = ? WHERE id = ?", attempts,
                               failure, jobId);
            _impl->sql.execute("INSERT INTO incidents(job_id, case_id, instance_id, node, message, created_at) "
                               "VALUES(?, ?, ?, ?, ?, ?)",
                               jobId, caseId, instanceId, node, failure, at);
            step.event("incident", describe(n) + " failed " + std::to_string(attempts) + " times: " + failure);
        } else {
            Int64 due = nowAt + static_cast<Int64>(_settings.retryBaseSeconds) * (Int64(1) << (attempts - 1));
            _impl->sql.execute("UPDATE jobs SET attempts = ?, due_at = ?, last_error = ? WHERE id = ?", attempts, due, failure,
                               jobId);
            step.event("service-failed", describe(n) + " attempt " + std::to_string(attempts) + ": " + failure +
                                             "; retry at " + formatInstant(due));
        }
        step.writeEvents();
        transaction.commit();
    }
    return ran;
}

void WorkflowEngine::beginBatch() {
    if (_impl->sql.inTransaction()) throw Poco::IllegalStateException("a step batch cannot start inside a transaction");
    _impl->sql.execute("BEGIN IMMEDIATE");
}

void WorkflowEngine::endBatch(bool commit) {
    if (commit) {
        _impl->sql.execute("COMMIT");
        return;
    }
    _impl->documents.clear();  // they may hold steps that are now undone
    if (_impl->sql.inTransaction()) _impl->sql.execute("ROLLBACK");
}

void WorkflowEngine::beginUnit() { _impl->sql.execute("SAVEPOINT unit"); }

void WorkflowEngine::endUnit(bool keep) {
    if (keep) {
        _impl->sql.execute("RELEASE unit");
        return;
    }
    _impl->documents.clear();  // they may hold steps of the unit that are now undone
    _impl->sql.execute("ROLLBACK TO unit");
    _impl->sql.execute("RELEASE unit");
}

StepBatch::StepBatch(WorkflowEngine& engine) : _engine(engine) { _engine.beginBatch(); }

StepBatch::~StepBatch() {
    if (!_open) return;
    try {
        _engine.endBatch(false);
    } catch (const Poco::Exception& e) {
        std::cerr << "grantflow: rollback of a step batch failed: " << e.displayText() << "\n";
    }
}

void StepBatch::commit() {
    _engine.endBatch(true);
    _open = false;
}

std::vector<IncidentInfo> WorkflowEngine::incidents(bool includeResolved) {
    std::vector<Int64> ids, jobs;
    std::vector<std::string> dnrs, nodes, messages, created;
    _impl->session << std::string("SELECT n.id, n.job_id, c.dnr, n.node, n.message, n.created_at FROM incidents n "
                                  "JOIN cases c ON c.id = n.case_id ") +
                          (includeResolved ? "" : "WHERE n.resolved_at IS NULL ") + "ORDER BY n.id",
        into(ids), into(jobs), into(dnrs), into(nodes), into(messages), into(created), now;
    std::vector<IncidentInfo> result;
    for (std::size_t i = 0; i < ids.size(); ++i) result.push_back({ids[i], jobs[i], dnrs[i], nodes[i], messages[i], created[i]});
    return result;
}

Outcome WorkflowEngine::retryIncident(long long incidentId, const std::string& actor) {
    auto& session = _impl->session;
    WriteTransaction transaction(_impl->sql, _impl->documents);
    Int64 id = incidentId, jobId = 0, instanceId = 0, caseId = 0;
    std::string resolved, node;
    session << "SELECT job_id, instance_id, case_id, node, COALESCE(resolved_at, '') FROM incidents WHERE id = ?", use(id),
        into(jobId), into(instanceId), into(caseId), into(node), into(resolved), now;
    if (jobId == 0) return Outcome::refused("no-such-incident", "there is no incident " + std::to_string(incidentId));
    if (!resolved.empty()) return Outcome::refused("resolved", "incident " + std::to_string(incidentId) + " was resolved at " + resolved);
    Instant nowAt = _settings.clock.now();
    Int64 due = nowAt;
    std::string at = formatInstant(nowAt), who = actor;
    session << "UPDATE jobs SET state = 'ready', attempts = 0, due_at = ? WHERE id = ?", use(due), use(jobId), now;
    session << "UPDATE incidents SET resolved_at = ?, resolved_by = ? WHERE id = ?", use(at), use(who), use(id), now;
    auto instance = _impl->instance(instanceId);
    auto definition = _impl->definition(instance->definitionId);
    InstanceStep step(_impl->sql, _impl->documents, *definition, instanceId, caseId, instance->dnr, nowAt, actor);
    step.event("incident-retried", "incident " + std::to_string(incidentId) + " at " + node + ": the job runs again");
    step.writeEvents();
    transaction.commit();
    Outcome o;
    o.message = "the job of incident " + std::to_string(incidentId) + " will run again";
    o.id = jobId;
    return o;
}

std::vector<WaitingPoint> WorkflowEngine::waitingPoints(const std::string& referenceNumber) {
    auto caseId = _impl->caseId(referenceNumber);
    if (!caseId) return {};
    std::vector<Int64> definitionIds;
    std::vector<std::string> nodes;
    {
        auto rows = _impl->sql.query("SELECT i.definition_id, t.node FROM tokens t JOIN process_instances i ON "
                                     "i.id = t.instance_id WHERE i.case_id = ? AND i.state = 'active' ORDER BY t.id",
                                     *caseId);
        while (rows.next()) {
            definitionIds.push_back(rows.integer(0));
            nodes.push_back(rows.text(1));
        }
    }
    std::vector<WaitingPoint> result;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        auto definition = _impl->definition(definitionIds[i]);
        const FlowNode& n = definition->node(nodes[i]);
        WaitingPoint w{n.id, kindName(n.kind), ""};
        for (const FlowNode* t : awaitedEvents(*definition, n))
            w.detail += (w.detail.empty() ? "" : " or ") +
                        (isMessageEvent(*t) ? "message '" + t->messageName + "'" : "timer " + t->timer.text);
        // A user task waits for its performer first.
        if (n.kind == NodeKind::userTask && !w.detail.empty()) w.detail = "or " + w.detail;
        result.push_back(std::move(w));
    }
    return result;
}

void WorkflowEngine::grantRole(const std::string& user, const std::string& role) {
    std::string u = user, r = role;
    _impl->session << "INSERT OR IGNORE INTO user_roles(user, role) VALUES(?, ?)", use(u), use(r), now;
}

void WorkflowEngine::revokeRole(const std::string& user, const std::string& role) {
    std::string u = user, r = role;
    _impl->session << "DELETE FROM user_roles WHERE user = ? AND role = ?", use(u), use(r), now;
}

std::vector<std::string> WorkflowEngine::rolesOf(const std::string& user) {
    std::vector<std::string> roles;
    auto rows = _impl->sql.query("SELECT role FROM user_roles WHERE user = ? ORDER BY role", user);
    while (rows.next()) roles.push_back(rows.text(0));
    return roles;
}

std::string fullNameProblem(const std::string& fullName) {
    if (Poco::trim(fullName).empty()) return "a full name cannot be empty";
    if (fullName.size() > 100) return "a full name can be at most 100 bytes";
    if (!isCleanText(fullName) || fullName.find_first_of("\t\r\n") != std::string::npos)
        return "a full name cannot hold line breaks or control characters";
    return {};
}

void WorkflowEngine::setFullName(const std::string& user, const std::string& fullName) {
    if (!fullName.empty())
        if (std::string problem = fullNameProblem(fullName); !problem.empty())
            throw Poco::InvalidArgumentException(problem + ": '" + cleanText(fullName) + "'");
    if (fullName.empty())
        _impl->sql.execute("DELETE FROM user_names WHERE user = ?", user);
    else
        _impl->sql.execute("INSERT OR REPLACE INTO user_names(user, full_name) VALUES(?, ?)", user, fullName);
}

std::string WorkflowEngine::fullName(const std::string& user) {
    auto rows = _impl->sql.query("SELECT full_name FROM user_names WHERE user = ?", user);
    return rows.next() ? rows.text(0) : std::string();
}

long long WorkflowEngine::purgeFinished(Instant before) {
    auto& session = _impl->session;
    std::string limitAt = formatInstant(before);
    WriteTransaction transaction(_impl->sql, _impl->documents);
    std::vector<Int64> instances;
    session << "SELECT id FROM process_instances WHERE state <> 'active' AND ended_at < ?", use(limitAt),
        into(instances), now;
    for (Int64 id : instances) {
        session << "DELETE FROM tasks WHERE instance_id = ?", use(id), now;
        session << "DELETE FROM process_instances WHERE id = ?", use(id), now;
    }
    transaction.commit();
    return static_cast<long long>(instances.size());
}

}  // namespace grantflow::workflow
