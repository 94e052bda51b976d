// WorkflowEngine: deploying process versions, starting a case's workflow, and the
// transactions that hold several steps (StepBatch) or one request's steps (a unit).
// The other verbs live beside it: UserTasks.cpp, MessageDelivery.cpp, RunDueJobs.cpp
// with PrepareDueJobs.cpp, and UsersAndRoles.cpp.
#include <grantflow/workflow/WorkflowEngine.h>

#include "EngineImpl.h"
#include "InstanceStep.h"
#include "WorkflowSchema.h"
#include "WriteTransaction.h"

#include <grantflow/ApplicationIntake.h>
#include <grantflow/ReferenceNumber.h>
#include <grantflow/SafeXmlParser.h>

#include <Poco/Exception.h>
#include <Poco/String.h>

#include <iostream>

namespace grantflow::workflow {

using namespace Poco::Data::Keywords;
using Poco::Int64;

namespace {

// A checked file as it is stored and read back: UTF-8 text. One in another
// encoding is rewritten in UTF-8 here, once: read back as text, UTF-16's zero bytes
// cut it short (it deployed, then no case could start on it), and Latin-1 is not
// text to the API. A UTF-8 file is kept byte for byte.
std::string storedForm(const std::string& bpmn) {
    ParseResult parsed = SafeXmlParser().parse(bpmn);
    const xmlChar* declared = parsed.document.get()->encoding;
    const bool utf8 = bpmn.find('\0') == std::string::npos &&
                      (!declared || Poco::icompare(std::string(reinterpret_cast<const char*>(declared)), "UTF-8") == 0);
    return utf8 ? bpmn : parsed.document.toString();
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
    std::string bytes = storedForm(bpmnBytes), src = source, who = actor;
    std::string sha = sha256Hex(bytes), at = formatInstant(_settings.clock.now());
    WriteTransaction transaction(*_impl);
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
    WriteTransaction transaction(*_impl);
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

void WorkflowEngine::beginBatch(StepUndo undo) {
    if (_impl->sql.inTransaction()) throw Poco::IllegalStateException("a step batch cannot start inside a transaction");
    _impl->sql.execute("BEGIN IMMEDIATE");
    _impl->facts.trustFromHere();
    _impl->stepSavepoints = undo == StepUndo::eachStep;
    _impl->batchSpoiled = false;
}

void WorkflowEngine::endBatch(bool commit) {
    const bool spoiled = _impl->batchSpoiled;
    _impl->stepSavepoints = true;
    _impl->batchSpoiled = false;
    _impl->facts.stopTrusting();
    if (commit && !spoiled) {
        _impl->sql.execute("COMMIT");
        return;
    }
    _impl->documents.clear();  // they may hold steps that are now undone
    _impl->facts.forget();
    if (_impl->sql.inTransaction()) _impl->sql.execute("ROLLBACK");
    if (commit)
        throw Poco::IllegalStateException("a step of the batch failed after it had written, so none of the batch "
                                          "was stored: run its work again");
}

void WorkflowEngine::beginUnit() {
    if (_impl->batchSpoiled) refuseInSpoiledBatch();
    _impl->sql.execute("SAVEPOINT unit");
}

void WorkflowEngine::endUnit(bool keep) {
    if (keep) {
        _impl->sql.execute("RELEASE unit");
        return;
    }
    _impl->documents.clear();  // they may hold steps of the unit that are now undone
    _impl->facts.forget();
    _impl->sql.execute("ROLLBACK TO unit");
    _impl->sql.execute("RELEASE unit");
    _impl->batchSpoiled = false;  // it was not when the unit began, and the unit's writes are gone
}

StepBatch::StepBatch(WorkflowEngine& engine, StepUndo undo) : _engine(engine) { _engine.beginBatch(undo); }

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

long long WorkflowEngine::purgeFinished(Instant before) {
    auto& session = _impl->session;
    std::string limitAt = formatInstant(before);
    WriteTransaction transaction(*_impl);
    std::vector<Int64> instances;
    session << "SELECT id FROM process_instances WHERE state <> 'active' AND ended_at < ?", use(limitAt),
        into(instances), now;
    for (Int64 id : instances) {
        session << "DELETE FROM tasks WHERE instance_id = ?", use(id), now;
        session << "DELETE FROM process_instances WHERE id = ?", use(id), now;
    }
    _impl->facts.forget();  // a new instance may take a purged one's id
    transaction.commit();
    return static_cast<long long>(instances.size());
}

}  // namespace grantflow::workflow
