#include "WorkflowSchema.h"

namespace grantflow::workflow {

using namespace Poco::Data::Keywords;

void createWorkflowTables(Poco::Data::Session& session) {
    static const char* const statements[] = {
        "CREATE TABLE IF NOT EXISTS process_definitions("
        "  id INTEGER PRIMARY KEY, key TEXT NOT NULL, version INTEGER NOT NULL, name TEXT,"
        "  bpmn TEXT NOT NULL, sha256 TEXT NOT NULL, source TEXT,"
        "  deployed_at TEXT NOT NULL, deployed_by TEXT NOT NULL, UNIQUE(key, version))",
        "CREATE TABLE IF NOT EXISTS process_instances("
        "  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, definition_id INTEGER NOT NULL,"
        "  process_key TEXT NOT NULL, state TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT)",
        "CREATE INDEX IF NOT EXISTS process_instances_by_case ON process_instances(case_id, state)",
        "CREATE INDEX IF NOT EXISTS process_instances_by_definition ON process_instances(definition_id, state)",
        // state: waiting (at a task, job, timer, message or event gateway) or joining (at a join).
        "CREATE TABLE IF NOT EXISTS tokens("
        "  id INTEGER PRIMARY KEY, instance_id INTEGER NOT NULL, node TEXT NOT NULL,"
        "  state TEXT NOT NULL, via TEXT)",
        "CREATE INDEX IF NOT EXISTS tokens_by_instance ON tokens(instance_id, node)",
        "CREATE TABLE IF NOT EXISTS tasks("
        "  id INTEGER PRIMARY KEY, instance_id INTEGER NOT NULL, case_id INTEGER NOT NULL,"
        "  token_id INTEGER, node TEXT NOT NULL, name TEXT, state TEXT NOT NULL,"
        "  assignee TEXT, roles TEXT, users TEXT, form TEXT, due_at INTEGER NOT NULL,"
        "  created_at INTEGER NOT NULL, completed_at INTEGER, completed_by TEXT)",
        // Lists read open tasks only, so only open tasks are indexed for them: completing a
        // task takes it out of these indexes rather than moving it within them, and they
        // stay as small as the work in hand while the completed tasks pile up.
        "DROP INDEX IF EXISTS tasks_by_state_due",
        "DROP INDEX IF EXISTS tasks_by_assignee",  // no query read it
        "DROP INDEX IF EXISTS tasks_by_case",
        "CREATE INDEX IF NOT EXISTS open_tasks_by_due ON tasks(due_at, id) WHERE state = 'open'",
        "CREATE INDEX IF NOT EXISTS open_tasks_by_case ON tasks(case_id) WHERE state = 'open'",
        "CREATE INDEX IF NOT EXISTS tasks_by_instance ON tasks(instance_id, node)",
        // Open tasks only, one row per role ("role:R") or user ("user:U") who may do them:
        // the work queue of a role is one index range, ordered by due date.
        "CREATE TABLE IF NOT EXISTS task_candidates("
        "  candidate TEXT NOT NULL, due_at INTEGER NOT NULL, task_id INTEGER NOT NULL,"
        "  PRIMARY KEY(candidate, due_at, task_id)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS task_candidates_by_task ON task_candidates(task_id)",
        // kind: service or timer; state: ready or incident. remaining: repetitions left of a cycle.
        // AUTOINCREMENT: a job id is never reused, so services may take it as an idempotency key.
        "CREATE TABLE IF NOT EXISTS jobs("
        "  id INTEGER PRIMARY KEY AUTOINCREMENT, instance_id INTEGER NOT NULL, case_id INTEGER NOT NULL,"
        "  token_id INTEGER NOT NULL, node TEXT NOT NULL, kind TEXT NOT NULL, due_at INTEGER NOT NULL,"
        "  attempts INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL, last_error TEXT,"
        "  remaining INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX IF NOT EXISTS jobs_due ON jobs(state, due_at)",
        "CREATE INDEX IF NOT EXISTS jobs_by_token ON jobs(token_id)",
        "CREATE TABLE IF NOT EXISTS incidents("
        "  id INTEGER PRIMARY KEY, job_id INTEGER NOT NULL, case_id INTEGER NOT NULL,"
        "  instance_id INTEGER NOT NULL, node TEXT NOT NULL, message TEXT NOT NULL,"
        "  created_at TEXT NOT NULL, resolved_at TEXT, resolved_by TEXT)",
        "CREATE INDEX IF NOT EXISTS incidents_open ON incidents(resolved_at, id)",
        "CREATE TABLE IF NOT EXISTS messages("
        "  message_id TEXT PRIMARY KEY, case_id INTEGER NOT NULL, name TEXT NOT NULL,"
        "  instance_id INTEGER NOT NULL, received_at TEXT NOT NULL)",
        ("CREATE TABLE IF NOT EXISTS user_roles("
         "  user TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY(user, role)) WITHOUT ROWID"),
        // When and how each case was decided (12 § FL, the register of granted projects),
        // and the parties' requests for a decision.
        // outcome and amount are NULL for decisions learnt from the event log (see below).
        "CREATE TABLE IF NOT EXISTS case_decisions("
        "  case_id INTEGER PRIMARY KEY, decided_at INTEGER NOT NULL, outcome TEXT, amount INTEGER)",
        "CREATE INDEX IF NOT EXISTS case_decisions_by_time ON case_decisions(decided_at)",
        "CREATE TABLE IF NOT EXISTS decision_requests("
        "  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, requested_at INTEGER NOT NULL,"
        "  answer_due INTEGER NOT NULL, received_by TEXT NOT NULL, answered_at INTEGER, answer TEXT)",
        "CREATE UNIQUE INDEX IF NOT EXISTS decision_requests_open ON decision_requests(case_id) "
        "WHERE answered_at IS NULL",
        // The name a decision letter gives for a login (31 § FL: who decided, who presented).
        ("CREATE TABLE IF NOT EXISTS user_names("
         "  user TEXT PRIMARY KEY, full_name TEXT NOT NULL) WITHOUT ROWID"),
    };
    session << "BEGIN IMMEDIATE", now;
    try {
        int decisionsKnown = 0;
        session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'case_decisions'",
            into(decisionsKnown), now;
        for (const char* sql : statements) session << sql, now;
        // A store from before decisions were recorded learns them from its event log once.
        // The completion is the first entry of its step's row, ended by the row or by the
        // next entry's separator (see StepEvents.h).
        if (!decisionsKnown)
            session << "INSERT OR IGNORE INTO case_decisions(case_id, decided_at) "
                       "SELECT case_id, MIN(CAST(strftime('%s', at) AS INTEGER)) FROM events "
                       "WHERE kind = 'task-completed' AND (detail LIKE '% with outcome ''decision''' "
                       "OR instr(detail, ' with outcome ''decision''' || char(30)) > 0) GROUP BY case_id",
                now;
        session << "COMMIT", now;
    } catch (...) {
        session << "ROLLBACK", now;
        throw;
    }
}

}  // namespace grantflow::workflow
