// grantflow plugins: lists the plugin libraries found, what each offers, and
// why any was refused.
#include <Poco/Util/Option.h>
#include <grantflow/plugin/PluginApi.h>
#include <grantflow/plugin/PluginHost.h>

#include <iostream>

#include "Command.h"

namespace grantflow::cli {

class PluginsCommand : public Command {
public:
    PluginsCommand()
        : Command("plugins", "",
                  "Loads every plugin library in the plugin folder (--dir, else the setting "
                  "plugins.dir, else "
                  "$GRANTFLOW_PLUGIN_DIR, else plugins/ beside the program) and lists each with "
                  "its version and "
                  "services. A library that is missing, broken or built for another plugin API is "
                  "listed as "
                  "refused with the reason; exit status 1 then.") {}

protected:
    bool usesStore() const override { return false; }

    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Poco::Util::Option("dir", "", "the plugin folder")
                              .argument("DIR")
                              .binding("plugins.dir"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments (see grantflow plugins --help)");
            return exitUsage;
        }
        std::string folder = pluginFolder();
        auto host = loadPlugins(Poco::Message::PRIO_ERROR);  // the listing below says it all
        const auto& reports = host->reports();
        std::cout << "plugin folder " << folder << " (engine plugin API " << plugin::apiVersion
                  << ")\n";
        bool refused = false;
        for (const auto& report : reports) {
            if (report.loaded) {
                std::cout << "\n"
                          << report.name << " " << report.version << "  (API " << report.apiVersion
                          << ")  " << report.path << "\n";
                for (const auto& service : report.services)
                    std::cout << "  service " << service.name << ": " << service.summary << "\n";
            } else {
                refused = true;
                std::cout << "\nREFUSED " << report.path << ": " << report.problem << "\n";
            }
        }
        if (reports.empty()) std::cout << "\nno plugin libraries found\n";
        return refused ? exitRefused : exitOk;
    }
};

static RegisterCommand<PluginsCommand> registered("plugins",
                                                  "list the plugins found and what they offer");

}  // namespace grantflow::cli
