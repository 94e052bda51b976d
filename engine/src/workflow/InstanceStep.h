// One step of one process instance, inside a write transaction the caller
// holds: it moves tokens through the process until each waits, creating the
// tasks, jobs and timers they wait on, evaluating gateway conditions over the
// case document, and writing the events and (if changed) a new case-document
// version. This is where BPMN's execution semantics live.
#pragma once

#include <grantflow/XmlDocument.h>
#include <grantflow/workflow/ProcessDefinition.h>

#include "CaseDocumentCache.h"
#include "store/StatementCache.h"
#include "store/StepEvents.h"

#include <Poco/Data/Session.h>
#include <Poco/Types.h>

#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace grantflow::workflow {

class InstanceStep {
public:
    InstanceStep(StatementCache& sql, CaseDocumentCache& documents, const ProcessDefinition& definition, Poco::Int64 instanceId,
                 Poco::Int64 caseId, std::string referenceNumber, Instant now, std::string actor);
    ~InstanceStep();
    InstanceStep(const InstanceStep&) = delete;
    InstanceStep& operator=(const InstanceStep&) = delete;

    const ProcessDefinition& definition() const { return _definition; }
    Poco::Int64 instanceId() const { return _instanceId; }
    Poco::Int64 caseId() const { return _caseId; }
    const std::string& referenceNumber() const { return _referenceNumber; }
    Instant instant() const { return _now; }
    const std::string& actor() const { return _actor; }

    // The newest case document, loaded on first use (from the cache when it holds the
    // stored version); changes are stored by finish(), which hands it back to the cache.
    XmlDocument& document();
    // The stored version document() was read at (after it was loaded).
    Poco::Int64 documentVersion() const { return _documentVersion; }
    // The document was changed in a way not said more precisely: it is written whole.
    void documentChanged() { _documentChanged = _wholeDocumentChanged = true; }
    // Only this child of the case element was added or changed (children may also
    // have been removed); a null `part` means anything may have changed.
    void documentChanged(const xmlNode* part) {
        if (!part) return documentChanged();
        _documentChanged = true;
        _changedParts.push_back(part);
    }

    // Adds an entry to the case's event log. The step's entries are written together,
    // as one row (see StepEvents.h), by finish() or writeEvents(); the first is the
    // step's cause.
    void event(const std::string& kind, const std::string& detail);
    // Writes the entries logged so far; for a step that records something without
    // moving a token, and so never calls finish().
    void writeEvents();

    // A token leaves `node` along all its outgoing flows (tasks, events, forks).
    void leave(const FlowNode& node);
    // Removes a waiting token with its jobs; an open task on it is cancelled. Given
    // the node the token waits at, it skips looking for what cannot be there (jobs
    // at a plain user task, a task at a service task); `taskDone` says its task was
    // just completed.
    void consumeToken(Poco::Int64 tokenId, const FlowNode* waitingAt = nullptr, bool taskDone = false);
    // Places the first token after the start event.
    void start();

    // Runs every queued arrival until all tokens wait, then records the instance's
    // end if nothing waits any more and stores the case document if it changed.
    void finish();

private:
    void arrive(const std::string& nodeId, const std::string& via);
    Poco::Int64 insertToken(const std::string& node, const char* state, const std::string& via);
    void insertJob(Poco::Int64 token, const std::string& node, const char* kind, Instant due, int remaining);
    void createTask(const FlowNode& node);
    void armTimer(Poco::Int64 token, const FlowNode& timerNode);
    void diverge(const FlowNode& gateway, bool inclusive);
    void joinParallel(const FlowNode& gateway, const std::string& via);
    bool fireReadyInclusiveJoins();
    bool canReach(const std::string& from, const std::string& to) const;
    void terminate(const FlowNode& end);

    StatementCache& _sql;
    CaseDocumentCache& _documents;
    const ProcessDefinition& _definition;
    Poco::Int64 _instanceId, _caseId;
    std::string _referenceNumber;
    Instant _now;
    std::string _at, _actor;
    std::deque<std::pair<std::string, std::string>> _arrivals;  // node, flow it came by
    std::vector<EventEntry> _events;                             // logged, not yet written
    XmlDocument _document;
    CaseText _text;  // what _document was stored as, when known
    std::vector<const xmlNode*> _changedParts;
    Poco::Int64 _documentVersion = 0;
    bool _documentLoaded = false, _documentChanged = false, _wholeDocumentChanged = false, _terminated = false;
};

// The newest stored version of a case document: its number and the document, taken
// out of `cache` when it holds that version (with its text), else parsed from the
// store (its text then unknown). Throws Poco::NotFoundException when the case has
// no document.
std::pair<Poco::Int64, CaseDocumentCache::Cached> latestCaseDocument(StatementCache& sql, CaseDocumentCache& cache, Poco::Int64 caseId,
                                                       const std::string& referenceNumber);

// When a timer set now falls due; the first of a cycle's repetitions. An expression
// timer is given the string its XPath gave (`evaluated`); throws Poco::DataFormatException
// when that is not an ISO date or duration.
Instant timerDue(const TimerSpec& timer, Instant now, const std::string& evaluated = "");

}  // namespace grantflow::workflow
