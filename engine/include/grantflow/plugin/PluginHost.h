// Finds plugin libraries in a folder, checks each before trusting it, and hands
// out their services by name.
//
// Promises:
// - a library is used only if it exports grantflowPluginApiVersion() returning
//   grantflow::plugin::apiVersion and a Poco manifest of grantflow::plugin::Plugin;
// - a missing, broken or mismatched library is refused with a report that says
//   why, is logged, and never stops the host from loading the others;
// - services must be destroyed before the host (they live in its libraries).
#pragma once

#include <Poco/ClassLoader.h>
#include <Poco/Logger.h>
#include <grantflow/plugin/Plugin.h>

#include <memory>
#include <string>
#include <vector>

namespace grantflow::plugin {

struct PluginReport {
    std::string path;  // the library file
    bool loaded = false;
    std::string problem;  // why it was refused; empty when loaded
    std::string name, version;
    int apiVersion = 0;  // what the library said, 0 if it said nothing
    std::vector<ServiceInfo> services;
};

class PluginHost {
public:
    explicit PluginHost(Poco::Logger& logger);
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // Loads every shared library (*.so, *.dylib, *.dll) directly in `folder`,
    // in name order. A folder that does not exist gives one refused report.
    std::vector<PluginReport> loadFolder(const std::string& folder);

    // Loads one library; the report says whether it was accepted and why not.
    PluginReport load(const std::string& path);

    // Every report so far, in load order.
    const std::vector<PluginReport>& reports() const { return _reports; }

    // The names of all services offered by accepted plugins.
    std::vector<std::string> serviceNames() const;

    // Creates the named service. Throws Poco::NotFoundException (naming the
    // services on offer) when no accepted plugin offers it, and passes on the
    // plugin's Poco::Exception when its configuration is unusable.
    std::unique_ptr<Service> createService(const std::string& serviceName,
                                           const Poco::Util::AbstractConfiguration& configuration);

    // The folder used when none is configured: $GRANTFLOW_PLUGIN_DIR, else the
    // plugins/ folder beside the running program, else the one above it (the
    // build puts the program in build/tools and plugins in build/plugins).
    static std::string defaultFolder();

private:
    PluginReport refuse(PluginReport report, const std::string& problem);

    Poco::Logger& _logger;
    // Declared before _plugins so the libraries are unloaded after the objects
    // made from them are gone.
    Poco::ClassLoader<Plugin> _loader;
    std::vector<std::unique_ptr<Plugin>> _plugins;
    std::vector<PluginReport> _reports;
};

}  // namespace grantflow::plugin
