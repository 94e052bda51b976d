// WorkflowEngine::runDueJobs, the second half of running jobs (PrepareDueJobs.cpp is
// the first): each due service task or timer is one step; a service that fails is
// retried with back-off and becomes an incident when its retries are spent, which an
// administrator can list and retry.
#include <grantflow/workflow/WorkflowEngine.h>

#include "EngineImpl.h"
#include "InstanceStep.h"
#include "WriteTransaction.h"
#include "store/CaseVersions.h"

#include <algorithm>
#include <deque>
#include <set>

namespace grantflow::workflow {

using namespace Poco::Data::Keywords;
using Poco::Int64;

namespace {

// The service jobs about to run mostly step cases whose documents the cache holds. The
// others' (a case's first job, typically) are read now and parsed on another thread
// while the jobs before theirs run.
void prefetchDocuments(StatementCache& sql, CaseDocumentCache& documents, const std::vector<Int64>& cases) {
    for (Int64 caseId : cases) {
        if (documents.prefetchFull()) return;  // the rest are parsed by their steps
        if (documents.holds(caseId)) continue;
        StoredCaseText stored = CaseVersions(sql).latest(caseId);
        if (stored.version != 0) documents.prefetch(caseId, stored.version, std::move(stored.xml));
    }
}

}  // namespace

std::optional<Instant> WorkflowEngine::nextJobDue() {
    auto rows = _impl->sql.query("SELECT MIN(due_at) FROM jobs WHERE state = 'ready'");
    if (!rows.next() || rows.isNull(0)) return std::nullopt;
    return rows.integer(0);
}

int WorkflowEngine::runDueJobs(int limit, bool waitForPreparation) {
    prepareDueJobs(limit);
    if (waitForPreparation) awaitPreparation();
    const Instant selectedAt = _settings.clock.now();
    // Documents parsed ahead for this call's jobs are not kept past it.
    struct ForgetPrefetched {
        CaseDocumentCache& documents;
        ~ForgetPrefetched() { documents.forgetPrefetched(); }
    } forget{_impl->documents};
    std::set<Int64> seen;          // run, or left for a later call, by this one
    std::deque<Int64> candidates;  // due, in due order, not yet seen
    int ran = 0;
    while (ran < limit) {
        if (candidates.empty()) {
            // Fetched a batch at a time; the jobs that the ones run create (a timer's
            // service task, say) are found by the next fetch.
            std::vector<Int64> cases;
            auto rows = _impl->sql.query("SELECT id, case_id, kind FROM jobs WHERE state = 'ready' AND due_at <= ? "
                                         "ORDER BY due_at, id LIMIT ?",
                                         selectedAt, static_cast<Int64>(std::min(limit - ran, 4096) + seen.size()));
            while (rows.next())
                if (!seen.count(rows.integer(0))) {
                    candidates.push_back(rows.integer(0));
                    if (rows.text(2) == "service") cases.push_back(rows.integer(1));  // a service reads the case
                }
            if (candidates.empty()) return ran;
            prefetchDocuments(_impl->sql, _impl->documents, cases);
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
            WriteTransaction transaction(*_impl);
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
        WriteTransaction transaction(*_impl);
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
    WriteTransaction transaction(*_impl);
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

}  // namespace grantflow::workflow
