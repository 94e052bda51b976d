// WorkflowEngine::prepareDueJobs: the first half of running service jobs. Services
// with a preparer (the letter plugin) get their due jobs handed to background
// threads, each with the case document as it is stored now, while the store's
// single writer goes on with other steps; runDueJobs() then finds the work done.
// Jobs handed in before and not yet run are not handed in again.
#include "EngineImpl.h"
#include "store/CaseVersions.h"

#include <algorithm>
#include <set>
#include <thread>

namespace grantflow::workflow {

using Poco::Int64;

void WorkflowEngine::awaitPreparation() {
    if (_impl->preparation) _impl->preparation->waitIdle();
}

void WorkflowEngine::prepareDueJobs(int limit) {
    if (!_services.hasPreparers() || _impl->sql.inTransaction()) return;
    const Instant now = _settings.clock.now();
    struct Due {
        Int64 job, instance, caseId;
        std::string node;
        int attempts;
    };
    std::vector<Due> due;
    std::set<Int64> dueIds;
    {
        auto rows = _impl->sql.query("SELECT id, instance_id, case_id, node, attempts FROM jobs WHERE state = 'ready' "
                                     "AND kind = 'service' AND due_at <= ? ORDER BY due_at, id LIMIT ?",
                                     now, static_cast<Int64>(std::min(limit, 4096)));  // bounded: each holds a document copy
        while (rows.next()) {
            due.push_back({rows.integer(0), rows.integer(1), rows.integer(2), rows.text(3), static_cast<int>(rows.integer(4))});
            dueIds.insert(due.back().job);
        }
    }
    if (!_impl->preparation) {
        // One per core: measured on 2 cores, leaving one to the writer made it wait longer
        // for the letters than it lost to sharing its core.
        unsigned threads = _settings.prepareThreads ? _settings.prepareThreads
                                                    : std::max(1u, std::thread::hardware_concurrency());
        _impl->preparation = std::make_unique<JobPreparation>(threads);
    }
    JobPreparation& preparation = *_impl->preparation;
    preparation.retainOnly(dueIds);  // the others ran or were cancelled
    for (const auto& d : due) {
        if (preparation.known(d.job)) continue;
        auto instance = _impl->instance(d.instance);
        if (!instance) {
            preparation.passOver(d.job, now);
            continue;
        }
        auto definition = _impl->definition(instance->definitionId);
        const FlowNode& node = definition->node(d.node);
        const ServicePreparer* prepare = _services.preparer(node.plugin);
        if (!prepare) continue;
        PreparedCall p;
        StoredCaseText stored = CaseVersions(_impl->sql).latest(d.caseId);
        if (stored.version == 0) {
            preparation.passOver(d.job, now);
            continue;
        }
        const Int64 version = stored.version;
        p.storedXml = std::move(stored.xml);
        p.call.referenceNumber = instance->dnr;
        p.call.nodeId = node.id;
        p.call.nodeName = node.name;
        p.call.jobId = d.job;
        p.call.attempt = d.attempts + 1;
        p.call.now = formatInstant(now);
        p.call.documentVersion = version;
        p.at = now;
        p.prepare = prepare;
        preparation.submit(std::move(p));
    }
}

}  // namespace grantflow::workflow
