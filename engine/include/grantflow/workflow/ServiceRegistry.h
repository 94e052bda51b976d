// The work a BPMN service task can call, by name. A service task names its
// plugin (grantflow:plugin or camunda:topic); the worker looks the name up here
// and runs it inside the same transaction that moves the case on, so what a
// service records in the case document is stored exactly once or not at all.
//
// Built in: "letter" records a letter request in <letters>, "payment" records a
// payment order in <payments>, "archive" marks the case closed, "record" notes
// that a step happened. Runtime-loaded plugins add their own names.
#pragma once

#include <grantflow/XmlDocument.h>

#include <functional>
#include <map>
#include <set>
#include <string>

namespace grantflow::workflow {

struct ServiceCall {
    std::string referenceNumber;  // the case
    std::string nodeId, nodeName; // the service task
    long long jobId = 0;          // stable across retries: an idempotency key for outside effects
    int attempt = 1;
    std::string now;              // ISO 8601, the workflow clock
    XmlDocument* caseDocument = nullptr;  // may be changed; the change is stored with the step
    long long documentVersion = 0;        // the stored version caseDocument was read at
    bool documentChanged = false;
    // When documentChanged: the one child of the case element that was added or
    // changed, if that is all that changed (the step then writes only it anew);
    // left null, the whole document is written again.
    const xmlNode* changedPart = nullptr;
};

// Throw Poco::Exception (or std::exception) to fail; the job is retried with back-off.
using ServiceHandler = std::function<void(ServiceCall&)>;

// Optional work a service does ahead of its job, on another thread and outside the
// step's transaction, so that slow pure work (rendering a letter) runs on every core
// while the store's one writer moves cases on. It is given the call as the job will
// make it, with a copy of the case document of its own, and may keep a result for
// the handler. The handler must use a kept result only when it was made from exactly
// what the handler itself gets, and do the work itself otherwise: preparing is an
// optimisation, never a different outcome. Must not touch the store; may be called
// from several threads at once.
using ServicePreparer = std::function<void(ServiceCall&)>;

class ServiceRegistry {
public:
    // A registry holding the built-in services.
    ServiceRegistry();

    void add(const std::string& name, ServiceHandler handler, ServicePreparer preparer = nullptr) {
        _handlers[name] = std::move(handler);
        if (preparer)
            _preparers[name] = std::move(preparer);
        else
            _preparers.erase(name);
    }
    bool has(const std::string& name) const { return _handlers.count(name) != 0; }
    const ServiceHandler& get(const std::string& name) const;  // throws Poco::NotFoundException
    std::set<std::string> names() const;
    // The service's preparer, or nullptr when it has none.
    const ServicePreparer* preparer(const std::string& name) const {
        auto found = _preparers.find(name);
        return found == _preparers.end() ? nullptr : &found->second;
    }
    bool hasPreparers() const { return !_preparers.empty(); }

private:
    std::map<std::string, ServiceHandler> _handlers;
    std::map<std::string, ServicePreparer> _preparers;
};

}  // namespace grantflow::workflow
