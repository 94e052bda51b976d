// WorkflowEngine::prepareDueJobs: the first half of running service jobs. Services
// with a preparer (the letter plugin) get their due jobs handed to background
// threads, each with its own copy of the case document as it stands now, while the
// store's single writer goes on with other steps; runDueJobs() then finds the work
// done.
#include "EngineImpl.h"
#include "InstanceStep.h"

#include <algorithm>
#include <thread>

namespace grantflow::workflow {

using Poco::Int64;

void WorkflowEngine::awaitPreparation() {
    if (_impl->preparation) _impl->preparation->wait();
}

void WorkflowEngine::prepareDueJobs(int limit) {
    if (_impl->preparation || !_services.hasPreparers()) return;
    const Instant now = _settings.clock.now();
    struct Due {
        Int64 job, instance, caseId;
        std::string node;
        int attempts;
    };
    std::vector<Due> due;
    {
        auto rows = _impl->sql.query("SELECT id, instance_id, case_id, node, attempts FROM jobs WHERE state = 'ready' "
                                     "AND kind = 'service' AND due_at <= ? ORDER BY due_at, id LIMIT ?",
                                     now, static_cast<Int64>(std::min(limit, 4096)));  // bounded: each holds a document copy
        while (rows.next())
            due.push_back({rows.integer(0), rows.integer(1), rows.integer(2), rows.text(3), static_cast<int>(rows.integer(4))});
    }
    std::vector<PreparedCall> work;
    for (const auto& d : due) {
        auto instance = _impl->instance(d.instance);
        if (!instance) continue;
        auto definition = _impl->definition(instance->definitionId);
        const FlowNode& node = definition->node(d.node);
        const ServicePreparer* prepare = _services.preparer(node.plugin);
        if (!prepare) continue;
        auto [version, document] = latestCaseDocument(_impl->sql, _impl->documents, d.caseId, instance->dnr);
        PreparedCall p;
        p.document = XmlDocument(xmlCopyDoc(document.get(), 1));
        _impl->documents.put(d.caseId, version, std::move(document));
        p.call.referenceNumber = instance->dnr;
        p.call.nodeId = node.id;
        p.call.nodeName = node.name;
        p.call.jobId = d.job;
        p.call.attempt = d.attempts + 1;
        p.call.now = formatInstant(now);
        p.call.documentVersion = version;
        p.prepare = prepare;
        work.push_back(std::move(p));
    }
    if (work.empty()) return;
    // By default every core but the one this (writer) thread keeps busy.
    unsigned threads = _settings.prepareThreads ? _settings.prepareThreads
                                                : std::max(1u, std::thread::hardware_concurrency() - 1);
    _impl->preparation = std::make_unique<JobPreparation>(now, std::move(work), threads);
}

}  // namespace grantflow::workflow
