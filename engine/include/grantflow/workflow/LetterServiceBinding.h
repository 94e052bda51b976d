// Connects the workflow's "letter" service tasks to the letter plugin: the task
// renders its letter with the plugin's "letter.pdf" service, stores the PDF as a
// document of the case and records it in the case document's <letters>, all in
// the transaction of the step. A failing plugin fails the job, which is retried
// and in the end becomes an incident; a half-made letter is never stored.
// The slow part, rendering, may happen ahead of the job on other cores (a
// ServicePreparer); the step then stores the letter rendered from exactly the same
// request, and renders it itself when anything differs.
#pragma once

#include <grantflow/CaseStore.h>
#include <grantflow/plugin/PluginHost.h>
#include <grantflow/workflow/ServiceRegistry.h>

#include <Poco/Util/AbstractConfiguration.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace grantflow::workflow {

// A document a plugin made ahead of its job, with its SHA-256.
struct PreparedDocument {
    plugin::OutputDocument document;
    std::string sha256;
};

class LetterServiceBinding {
public:
    // Creates the plugin's service; throws Poco::NotFoundException when no loaded
    // plugin offers "letter.pdf". The host must outlive this object.
    LetterServiceBinding(plugin::PluginHost& host, const Poco::Util::AbstractConfiguration& configuration,
                         CaseStore& store);
    ~LetterServiceBinding();

    // Replaces the built-in "letter" service of the registry with the plugin.
    void install(ServiceRegistry& services);

    // The letter type a service task asks for: letters.type.<task id> in the
    // configuration, else the type known for the shipped workflow's task, else the id.
    static std::string letterTypeFor(const std::string& nodeId, const Poco::Util::AbstractConfiguration& configuration);

    // How many letters were stored as prepared ahead of their job (the rest were
    // rendered inside their step): for benchmarks and tests.
    long long preparedUsed() const { return _preparedUsed; }

private:
    // Records the letter request in the case document; returns the letter type.
    std::string recordRequest(ServiceCall& call) const;
    plugin::ServiceRequest requestFor(const ServiceCall& call, const std::string& type) const;
    // Renders ahead of the job (a ServicePreparer) and keeps the letter for render().
    void prepare(ServiceCall& call);
    // The letter prepared for this job, if it was made from exactly what the call holds.
    std::optional<std::vector<PreparedDocument>> takePrepared(const ServiceCall& call);
    void render(ServiceCall& call);

    struct Prepared {
        long long documentVersion = 0;
        std::string referenceNumber, nodeId, now;
        std::vector<PreparedDocument> outputs;
        bool madeFor(const ServiceCall& call) const;
    };
    static constexpr std::size_t maxPrepared = 8192;

    std::unique_ptr<plugin::Service> _service;
    const Poco::Util::AbstractConfiguration& _configuration;
    CaseStore& _store;
    std::mutex _preparedMutex;
    std::map<long long, Prepared> _prepared;  // by job id
    long long _preparedUsed = 0;
};

}  // namespace grantflow::workflow
