// What a plugin library offers: a name, a version and named services, each
// created from configuration (Envoy-style: the engine asks a factory by name and
// never includes the plugin's own headers).
//
// A plugin sees only the headers in grantflow/plugin/ and Poco. It must not
// throw from name(), version() or services(); createService() throws a
// Poco::Exception when the configuration is unusable.
#pragma once

#include <Poco/Logger.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <grantflow/plugin/Service.h>

#include <memory>
#include <string>
#include <vector>

namespace grantflow::plugin {

struct ServiceInfo {
    std::string name;     // what the engine asks for, e.g. "letter.pdf"
    std::string summary;  // one line for `grantflow plugins`
};

class Plugin {
public:
    virtual ~Plugin() = default;

    // Stable identifier, e.g. "pdf-letter".
    virtual std::string name() const = 0;
    // The plugin's own version, e.g. "1.0.0" (not the API version).
    virtual std::string version() const = 0;
    // Every service createService() accepts.
    virtual std::vector<ServiceInfo> services() const = 0;

    // A ready-to-run service. `configuration` is the whole engine configuration;
    // a plugin reads its own keys from it. `logger` outlives the service.
    // Throws Poco::NotFoundException for an unknown name, and another
    // Poco::Exception when the configuration or the files it names are unusable.
    virtual std::unique_ptr<Service> createService(
        const std::string& serviceName, const Poco::Util::AbstractConfiguration& configuration,
        Poco::Logger& logger) = 0;
};

}  // namespace grantflow::plugin
