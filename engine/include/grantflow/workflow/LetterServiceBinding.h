// Connects the workflow's "letter" service tasks to the letter plugin: the task
// renders its letter with the plugin's "letter.pdf" service, stores the PDF as a
// document of the case and records it in the case document's <letters>, all in
// the transaction of the step. A failing plugin fails the job, which is retried
// and in the end becomes an incident; a half-made letter is never stored.
#pragma once

#include <grantflow/CaseStore.h>
#include <grantflow/plugin/PluginHost.h>
#include <grantflow/workflow/ServiceRegistry.h>

#include <Poco/Util/AbstractConfiguration.h>

#include <memory>

namespace grantflow::workflow {

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

private:
    void render(ServiceCall& call);

    std::unique_ptr<plugin::Service> _service;
    const Poco::Util::AbstractConfiguration& _configuration;
    CaseStore& _store;
};

}  // namespace grantflow::workflow
