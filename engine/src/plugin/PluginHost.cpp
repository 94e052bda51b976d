#include <Poco/DirectoryIterator.h>
#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <dlfcn.h>
#include <grantflow/plugin/PluginApi.h>
#include <grantflow/plugin/PluginHost.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

namespace grantflow::plugin {

namespace {

bool isSharedLibraryName(const std::string& fileName) {
    auto endsWith = [&](const std::string& suffix) {
        return fileName.size() > suffix.size() &&
               fileName.compare(fileName.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return endsWith(".so") || endsWith(".dylib") || endsWith(".dll");
}

// Opens a library with every symbol resolved now, so one whose dependencies are
// missing is refused here instead of aborting the process at its first call.
struct DlClose {
    void operator()(void* handle) const { dlclose(handle); }
};
using LibraryHandle = std::unique_ptr<void, DlClose>;

}  // namespace

PluginHost::PluginHost(Poco::Logger& logger) : _logger(logger) {}

PluginHost::~PluginHost() { _plugins.clear(); }

PluginReport PluginHost::refuse(PluginReport report, const std::string& problem) {
    report.loaded = false;
    report.problem = problem;
    _logger.warning("plugin " + report.path + " refused: " + problem);
    _reports.push_back(report);
    return report;
}

std::vector<PluginReport> PluginHost::loadFolder(const std::string& folder) {
    std::vector<PluginReport> reports;
    Poco::File directory(folder);
    if (!directory.exists() || !directory.isDirectory()) {
        PluginReport report;
        report.path = folder;
        reports.push_back(refuse(report, "plugin folder does not exist"));
        return reports;
    }
    std::vector<std::string> paths;
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
        if (it->isFile() && isSharedLibraryName(it.name())) paths.push_back(it.path().toString());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) reports.push_back(load(path));
    return reports;
}

PluginReport PluginHost::load(const std::string& path) {
    PluginReport report;
    report.path = path;
    if (!Poco::File(path).exists()) return refuse(report, "no such file");

    dlerror();
    LibraryHandle check(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL));
    if (!check) {
        const char* why = dlerror();
        return refuse(report,
                      std::string("not a loadable library: ") + (why ? why : "unknown reason"));
    }
    using VersionFunction = int (*)();
    auto versionFunction = reinterpret_cast<VersionFunction>(dlsym(check.get(), apiVersionSymbol));
    if (!versionFunction)
        return refuse(report, std::string("not a grantflow plugin: it exports no ") +
                                  apiVersionSymbol + "()");
    report.apiVersion = versionFunction();
    if (report.apiVersion != apiVersion)
        return refuse(report, "built for plugin API " + std::to_string(report.apiVersion) +
                                  ", this engine speaks API " + std::to_string(apiVersion) +
                                  "; rebuild the plugin against this engine");

    try {
        _loader.loadLibrary(path);
    } catch (const Poco::Exception& e) {
        return refuse(report, "its manifest could not be read: " + e.displayText());
    }
    const auto* manifest = _loader.findManifest(path);
    if (!manifest || manifest->begin() == manifest->end()) {
        _loader.unloadLibrary(path);
        return refuse(report, "its manifest exports no grantflow::plugin::Plugin");
    }
    // One plugin class per library: the first exported one describes the library.
    const auto& meta = *manifest->begin();
    std::unique_ptr<Plugin> plugin;
    try {
        plugin.reset(meta->create());
        report.name = plugin->name();
        report.version = plugin->version();
        report.services = plugin->services();
    } catch (const Poco::Exception& e) {
        plugin.reset();
        _loader.unloadLibrary(path);
        return refuse(report, "it failed while describing itself: " + e.displayText());
    } catch (const std::exception& e) {
        plugin.reset();
        _loader.unloadLibrary(path);
        return refuse(report, std::string("it failed while describing itself: ") + e.what());
    }
    for (const auto& other : _reports) {
        if (other.loaded && other.name == report.name) {
            plugin.reset();
            _loader.unloadLibrary(path);
            return refuse(report, "a plugin named '" + report.name + "' is already loaded from " +
                                      other.path);
        }
    }
    report.loaded = true;
    _plugins.push_back(std::move(plugin));
    _reports.push_back(report);
    _logger.information("plugin " + report.name + " " + report.version + " loaded from " + path);
    return report;
}

std::vector<std::string> PluginHost::serviceNames() const {
    std::vector<std::string> names;
    for (const auto& report : _reports)
        if (report.loaded)
            for (const auto& service : report.services) names.push_back(service.name);
    return names;
}

std::unique_ptr<Service> PluginHost::createService(
    const std::string& serviceName, const Poco::Util::AbstractConfiguration& configuration) {
    for (const auto& plugin : _plugins) {
        for (const auto& service : plugin->services())
            if (service.name == serviceName)
                return plugin->createService(serviceName, configuration, _logger);
    }
    std::string offered;
    for (const auto& name : serviceNames()) offered += (offered.empty() ? "" : ", ") + name;
    throw Poco::NotFoundException("no loaded plugin offers the service '" + serviceName + "'",
                                  offered.empty() ? "no plugin is loaded" : "offered: " + offered);
}

std::string PluginHost::defaultFolder() {
    std::string fromEnvironment = Poco::Environment::get("GRANTFLOW_PLUGIN_DIR", "");
    if (!fromEnvironment.empty()) return fromEnvironment;
    // The program's own file, not argv[0]: the command line passes the verb as argv[0].
    char buffer[4096];
    ssize_t length = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    Poco::Path program(length > 0 ? std::string(buffer, static_cast<std::size_t>(length))
                                  : std::string("./grantflow"));
    Poco::Path beside = program.parent();
    beside.pushDirectory("plugins");
    if (Poco::File(beside).exists()) return beside.toString();
    Poco::Path above = program.parent();
    above.popDirectory();
    above.pushDirectory("plugins");
    return above.toString();
}

}  // namespace grantflow::plugin
