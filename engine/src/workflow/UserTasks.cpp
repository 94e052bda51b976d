// WorkflowEngine's user tasks: the lists by case, role or user, and claiming,
// unclaiming and completing a task, with who may do it (candidate roles and users,
// the assignee, the four-eyes rule) checked on every one.
#include <grantflow/workflow/WorkflowEngine.h>

#include "DecisionRequests.h"
#include "EngineImpl.h"
#include "InstanceStep.h"
#include "OutcomeMerger.h"
#include "WorkflowSchema.h"
#include "WriteTransaction.h"

#include <grantflow/SafeXmlParser.h>

#include <Poco/String.h>

#include <algorithm>
#include <set>

namespace grantflow::workflow {

using namespace Poco::Data::Keywords;
using Poco::Int64;

namespace {

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

std::vector<TaskInfo> WorkflowEngine::tasks(const TaskQuery& query) {
    auto& sql = _impl->sql;
    // Built once, so that each call looks its statements up without building them.
    static const std::string columns =
        "SELECT t.id, c.dnr, i.process_key, d.version, t.node, COALESCE(t.name, ''), t.state, "
        "COALESCE(t.assignee, ''), COALESCE(t.roles, ''), COALESCE(t.form, ''), t.due_at, t.created_at, "
        "COALESCE(t.users, '') "
        "FROM tasks t JOIN process_instances i ON i.id = t.instance_id JOIN process_definitions d ON "
        "d.id = i.definition_id JOIN cases c ON c.id = t.case_id ";
    static const std::string openOfCase = columns + "WHERE t.case_id = ? AND t.state = 'open' ORDER BY t.id LIMIT ?";
    static const std::string allOpen = columns + "WHERE t.state = 'open' ORDER BY t.due_at, t.id LIMIT ?";
    static const std::string oneTask = columns + "WHERE t.id = ?";
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
            t.users = rows.text(12);
            result.push_back(std::move(t));
        }
    };
    const Int64 limit = query.limit;
    if (!query.referenceNumber.empty()) {
        auto caseId = _impl->caseId(query.referenceNumber);
        if (!caseId) return {};
        auto rows = sql.query(openOfCase, *caseId, limit);
        read(rows);
        return result;
    }
    if (query.role.empty() && query.user.empty()) {
        auto rows = sql.query(allOpen, limit);
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
        auto rows = sql.query(oneTask, id);
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
    if (!candidate) {
        std::string forWhom;
        if (!t.roles.empty()) forWhom = "holds none of the roles this task is for (" + t.roles + ")";
        if (!t.users.empty())
            forWhom += (forWhom.empty() ? "" : ", and ") + std::string("is not one of the people it is for (") +
                       t.users + ")";
        return Outcome::refused("not-a-candidate", user + " " + forWhom);
    }
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
    WriteTransaction transaction(*_impl);
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
    WriteTransaction transaction(*_impl);
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

PreparedOutcome WorkflowEngine::prepareOutcome(const std::string& form, const std::string& outcomeXml) {
    PreparedOutcome prepared;
    prepared.form = form;
    prepared.xml = outcomeXml;
    if (form.empty() || outcomeXml.empty()) return prepared;  // complete() says what is missing or too much
    ParseResult parsed = SafeXmlParser().parse(outcomeXml);
    if (parsed.document.empty() || !parsed.problems.empty()) {
        prepared.refusal = Outcome::refused("outcome-invalid", "the outcome document cannot be read as XML");
        prepared.refusal.problems = std::move(parsed.problems);
        return prepared;
    }
    Problems problems = _impl->form(_settings.outcomeSchemaDirectory, form).check(parsed.document);
    if (!problems.empty()) {
        prepared.refusal = Outcome::refused("outcome-invalid", "the outcome does not match schemas/outcomes/" + form + ".xsd");
        prepared.refusal.problems = std::move(problems);
        return prepared;
    }
    prepared.document = std::move(parsed.document);
    return prepared;
}

Outcome WorkflowEngine::complete(long long taskId, const std::string& user, const std::string& outcomeXml) {
    PreparedOutcome unchecked;  // checked below against the task's form, which it does not name
    unchecked.xml = outcomeXml;
    return complete(taskId, user, std::move(unchecked));
}

Outcome WorkflowEngine::complete(long long taskId, const std::string& user, PreparedOutcome given) {
    // Parse and validate before taking the write lock: it is the slow part.
    TaskRow before = loadTask(_impl->sql, taskId);
    if (before.id == 0) return Outcome::refused("no-such-task", "there is no task " + std::to_string(taskId));
    auto instance = _impl->instance(before.instanceId);
    auto definition = _impl->definition(instance->definitionId);
    // Who may do it is said before what is wrong with the outcome; checked again below.
    if (Outcome allowed = mayWork(*this, _impl->sql, before, definition->node(before.node), user); !allowed.ok)
        return allowed;
    PreparedOutcome prepared =
        before.form == given.form ? std::move(given) : prepareOutcome(before.form, given.xml);
    if (!before.form.empty() && prepared.xml.empty())
        return Outcome::refused("outcome-missing", "task " + std::to_string(taskId) + " needs an outcome document (form '" +
                                                       before.form + "'): --outcome FILE.xml");
    if (before.form.empty() && !prepared.xml.empty())
        return Outcome::refused("outcome-unexpected", "task " + std::to_string(taskId) + " has no form and takes no outcome");
    if (!prepared.refusal.ok) return std::move(prepared.refusal);
    XmlDocument outcome = std::move(prepared.document);

    // Inside a StepBatch the checks above already ran under the write lock, so nothing
    // can have changed since; otherwise another writer may have, and they run again.
    const bool checkedUnderLock = _impl->sql.inTransaction();
    WriteTransaction transaction(*_impl);
    TaskRow t = checkedUnderLock ? before : loadTask(_impl->sql, taskId);
    if (!checkedUnderLock) {
        if (t.id == 0) return Outcome::refused("no-such-task", "there is no task " + std::to_string(taskId));  // purged since
        instance = _impl->instance(t.instanceId);
        definition = _impl->definition(instance->definitionId);
        if (Outcome allowed = mayWork(*this, _impl->sql, t, definition->node(t.node), user); !allowed.ok) return allowed;
    }
    const FlowNode& node = definition->node(t.node);
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

}  // namespace grantflow::workflow
