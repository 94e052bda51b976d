// The durable BPMN runtime: deploys process versions, starts a case's workflow,
// and moves it on when a user completes a task, a message arrives, a timer
// falls due or a service task's job runs. Everything lives in the case store's
// SQLite file next to the cases, so a case and its workflow change together.
//
// Promises:
// - every step (start, claim, complete, message, one job) is one write
//   transaction, or one savepoint of a StepBatch: the case document version, the
//   events, the tokens, tasks and jobs it touches are stored together or not at
//   all, so a crash at any point loses nothing and repeats nothing anyone can see;
// - a step runs the process on until every token waits (a user task, a job, a
//   timer, a message or a join);
// - running cases keep the process version they started on;
// - refusals are values (Outcome) saying why; exceptions mean the store failed.
#pragma once

#include <grantflow/XmlDocument.h>
#include <grantflow/workflow/BpmnLoader.h>
#include <grantflow/workflow/ServiceRegistry.h>
#include <grantflow/workflow/WorkflowClock.h>

#include <Poco/Data/Session.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace grantflow::workflow {

struct Outcome {
    bool ok = true;
    std::string code;     // stable: "no-such-task", "four-eyes", "not-a-candidate", "outcome-invalid" ...
    std::string message;  // one sentence for the person who asked
    long long id = 0;     // what was created or touched (instance, definition version, task ...)
    Problems problems;    // details, e.g. schema violations of an outcome document

    static Outcome refused(std::string code, std::string message) {
        Outcome o;
        o.ok = false;
        o.code = std::move(code);
        o.message = std::move(message);
        return o;
    }
};

struct EngineSettings {
    std::string outcomeSchemaDirectory;      // schemas/outcomes
    std::string defaultProcess = "grant-review";
    WorkflowClock clock;
    int retryBaseSeconds = 30;               // back-off: base * 2^(attempt-1)
    std::size_t documentCacheSize = 1024;    // parsed case documents kept between steps (~35 KB each)
    unsigned prepareThreads = 0;             // threads that prepare service jobs; 0: one per core
};

struct DeployedVersion {
    long long id = 0;
    std::string key, name, deployedAt, deployedBy, source;
    int version = 0;
    long long running = 0;  // instances still active on this version
};

struct DeployResult {
    Problems problems;                       // empty when deployed
    Problems notes;                          // checks deploy could not make (see LoadedDefinitions)
    std::vector<DeployedVersion> deployed;   // one per process in the file
    std::vector<bool> unchanged;             // same bytes as the latest version: no new version
};

// An outcome document read and checked against its task's form before the step that
// takes it (WorkflowEngine::prepareOutcome), so that the slow part of completing a
// task can run on another thread while the store's one writer moves other cases.
struct PreparedOutcome {
    std::string form;      // the form it was checked against ("" for none, or not checked yet)
    std::string xml;       // the outcome document as given ("" when none was)
    XmlDocument document;  // the parsed outcome when it passed
    Outcome refusal;       // not ok when it did not: why
};

// How a StepBatch undoes a step that fails (see StepBatch).
enum class StepUndo { eachStep, wholeBatch };

struct TaskQuery {
    std::string role, user, referenceNumber;
    bool includeClaimed = true;
    int limit = 100;
};

struct TaskInfo {
    long long id = 0;
    std::string referenceNumber, processKey, node, name, state, assignee, roles, form, dueAt, createdAt;
    std::string users;  // who may do it besides the holders of `roles`, space-separated
    int processVersion = 0;
};

struct IncidentInfo {
    long long id = 0, jobId = 0;
    std::string referenceNumber, node, message, createdAt;
};

struct WaitingPoint {
    std::string node, kind, detail;  // e.g. "supplementReceived", "message", "supplement-received"
};

// Why a person's full name cannot go into letters (empty, over 100 bytes, line
// breaks or control characters), or an empty string when it can.
std::string fullNameProblem(const std::string& fullName);

class WorkflowEngine {
public:
    // Creates the workflow tables in the session's database if needed.
    WorkflowEngine(Poco::Data::Session& session, EngineSettings settings);
    ~WorkflowEngine();

    ServiceRegistry& services() { return _services; }
    WorkflowClock& clock() { return _settings.clock; }

    // Checks a BPMN file and, when it passes, stores a new version of each process in it.
    DeployResult deploy(const std::string& bpmnBytes, const std::string& source, const std::string& actor);
    // Every deployed version, by key then version.
    std::vector<DeployedVersion> versions();

    // Starts the latest version of processKey (default: settings.defaultProcess) for a
    // registered case and runs it to its first waits. A case runs each process once:
    // starting it again returns the instance there is (ok, code "already-running" or
    // "already-ended"), so a caller may retry after a crash without doubling anything.
    Outcome startCase(const std::string& referenceNumber, const std::string& processKey = "",
                      const std::string& actor = "system");

    std::vector<TaskInfo> tasks(const TaskQuery& query);
    Outcome claim(long long taskId, const std::string& user);
    Outcome unclaim(long long taskId, const std::string& user);
    // Validates the outcome against the task's form schema, merges it into the case
    // document and moves the case on.
    Outcome complete(long long taskId, const std::string& user, const std::string& outcomeXml);
    // The same with the outcome read and checked ahead (prepareOutcome); one checked
    // against another form than the task's is checked again.
    Outcome complete(long long taskId, const std::string& user, PreparedOutcome outcome);
    // Reads an outcome document and checks it against schemas/outcomes/<form>.xsd and
    // the form's rules. Touches neither the store nor the case: may be called from
    // any thread, also while another runs a step.
    PreparedOutcome prepareOutcome(const std::string& form, const std::string& outcomeXml);

    // Delivers a message to a case waiting for it. The same messageId twice is taken once.
    Outcome message(const std::string& referenceNumber, const std::string& name, const std::string& messageId,
                    const std::string& actor, const std::string& payloadXml = "");

    // Runs jobs (service tasks, timers) due by now, each in its own transaction (a
    // savepoint inside a StepBatch); at most `limit`. Jobs due later than the moment
    // this call began wait for the next call. Service jobs whose services can prepare
    // their work (ServicePreparer) are first handed to background threads; with
    // waitForPreparation this waits for them, else the jobs not prepared yet are left
    // for a later call, so that a writer never idles while letters render (a caller
    // that runs this inside a StepBatch hands them in with prepareDueJobs() between
    // batches). Returns how many jobs ran (succeeded or failed).
    int runDueJobs(int limit = 1000000, bool waitForPreparation = true);
    // Hands the service jobs due now (at most `limit`) to background threads, when
    // their services have preparers, so that a caller can move other cases on while
    // letters render; runDueJobs() then runs them as of this moment. Jobs handed in
    // before are not handed in again. Does nothing inside a transaction: what it reads
    // must be committed, or a rollback could reuse the document version a call was
    // prepared from.
    void prepareDueJobs(int limit = 4096);
    // Waits until no job is being prepared, without running one: a caller that
    // shares the engine's lock with others can wait without holding it.
    void awaitPreparation();

    // When the next job falls due, if any is waiting.
    std::optional<Instant> nextJobDue();

    std::vector<IncidentInfo> incidents(bool includeResolved = false);
    Outcome retryIncident(long long incidentId, const std::string& actor);

    // Where a case's active workflows wait right now.
    std::vector<WaitingPoint> waitingPoints(const std::string& referenceNumber);

    // 12 § förvaltningslagen (2017:900): a party whose case is not decided six months
    // after it was initiated may ask in writing for it to be decided; the agency then
    // decides it within four weeks, or refuses the request in a decision of its own.
    // A case counts as decided once a <decision> outcome is merged into it.
    //
    // Registers such a request, received at `receivedAt`: the answer is due four weeks
    // (28 days) later. Refused when the case is unknown or decided, six months have not
    // passed since it was registered, a request of it is still open, or `receivedAt`
    // is after today.
    Outcome requestDecision(const std::string& referenceNumber, Instant receivedAt, const std::string& actor);
    // Refuses the case's open request, with the reasons of that decision.
    Outcome refuseDecisionRequest(const std::string& referenceNumber, const std::string& reasons,
                                  const std::string& actor);
    struct LegalDeadline {
        std::string referenceNumber;
        std::string kind;   // "decision-requested" or "may-request-decision"
        Instant since = 0;  // when the request came in, or from when the party may ask
        Instant due = 0;    // the last day to answer the request (decision-requested only)
        bool overdue = false;
    };
    // As of `at`: the open requests, the nearest answer first, then the undecided
    // cases whose party may ask (registered six months or more before), oldest
    // first; at most `limit` of each. Closed and terminated cases are left out.
    std::vector<LegalDeadline> legalDeadlines(Instant at, int limit);

    // The register of granted projects (DOMAIN: the agency answers questions about the
    // projects it funded): cases decided bifall or delvis-bifall, the newest decision
    // first, with the amount granted and where the case is now (awaitReport: paid and
    // waiting for the final report; reviewReport; closed).
    struct GrantedProject {
        std::string referenceNumber, outcome, organisation, orgNumber, title, kind, state;
        Instant decidedAt = 0;
        long long amount = 0;
    };
    struct GrantedFilter {
        int year = 0;      // the year decided; 0 = any
        std::string text;  // part of the organisation, its number, the title or the reference number
        int limit = 1000;
    };
    std::vector<GrantedProject> grantedProjects(const GrantedFilter& filter);

    // Roles a user holds, for candidate checks.
    void grantRole(const std::string& user, const std::string& role);
    void revokeRole(const std::string& user, const std::string& role);
    std::vector<std::string> rolesOf(const std::string& user);
    // The person behind a login, as letters name them ("Dora Lind" for dora). An
    // outcome or message a user adds to a case is stamped with it (byName) when known;
    // an empty name forgets it. fullName is empty for a user without one. Throws
    // Poco::InvalidArgumentException for a name fullNameProblem refuses.
    void setFullName(const std::string& user, const std::string& fullName);
    std::string fullName(const std::string& user);

    // Deletes finished workflow rows (tasks, instances) of cases whose workflows all
    // ended before `before`. The event log is kept. Returns the instances purged.
    long long purgeFinished(Instant before);

private:
    friend class StepBatch;
    void beginBatch(StepUndo undo);
    void endBatch(bool commit);
    void beginUnit();
    void endUnit(bool keep);
    // Whether the four-eyes rule keeps `user` from the task: they did a task of the
    // same case it must be kept apart from.
    bool keptApart(long long taskId, const std::string& user);

public:
    // What the engine holds (engine/src/workflow/EngineImpl.h): named here so that the
    // engine's own source files can hand it around; opaque to everyone else.
    struct Impl;

private:
    std::unique_ptr<Impl> _impl;
    EngineSettings _settings;
    ServiceRegistry _services;
};

// Group commit for callers that move many cases at once (benchmarks, bulk work):
// while a batch is open, every step of the engine runs inside the batch's one
// transaction, and all of them reach the disk together at commit(), with one WAL
// sync instead of one per step. Nothing in the batch is durable before commit()
// returns, so report a step as done only after it. Destroyed without commit(), the
// batch undoes every step in it.
//
// Every step stays all-or-nothing; how a failed one is undone is the batch's StepUndo:
// - eachStep: every step is a savepoint, and a refused or failed step is undone
//   alone while the others stay;
// - wholeBatch: no savepoints, which cost SQLite time at every step (about a tenth
//   of bench workflow's). A step refused or failed before it wrote leaves nothing
//   to undo. One that
//   failed after it wrote spoils the batch: later steps throw
//   Poco::IllegalStateException, commit() rolls everything back and throws, and
//   the caller runs the batch's work again. For callers that treat a failed step
//   as the end of the batch anyway.
class StepBatch {
public:
    explicit StepBatch(WorkflowEngine& engine, StepUndo undo = StepUndo::eachStep);
    ~StepBatch();
    StepBatch(const StepBatch&) = delete;
    StepBatch& operator=(const StepBatch&) = delete;

    // Runs work() as one all-or-nothing unit of the batch (a savepoint), for callers
    // whose work is more than one engine call (register a case, then start it): when
    // work throws, everything it wrote is undone and the exception passes on, while
    // the rest of the batch stays.
    template <class Work>
    void unit(Work&& work) {
        _engine.beginUnit();
        try {
            work();
        } catch (...) {
            _engine.endUnit(false);
            throw;
        }
        _engine.endUnit(true);
    }

    void commit();

private:
    WorkflowEngine& _engine;
    bool _open = true;
};

}  // namespace grantflow::workflow
