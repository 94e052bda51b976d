// One verb of the grantflow command line ("grantflow submit ...").
// Each verb is a Poco::Util::Application of its own, so it has its own options,
// its own --help, and the shared ones (--db, --config) behave the same everywhere.
// Exit codes: 0 success, 1 refused input or failed work, 2 usage error.
#pragma once

#include <grantflow/ApplicationIntake.h>
#include <grantflow/CaseStore.h>
#include <grantflow/plugin/PluginHost.h>

#include <Poco/Message.h>

#include <Poco/Util/Application.h>
#include <Poco/Util/OptionSet.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace grantflow::cli {

enum ExitCode { exitOk = 0, exitRefused = 1, exitUsage = 2 };

class Command : public Poco::Util::Application {
public:
    Command(std::string verb, std::string arguments, std::string description);

protected:
    // What the verb does with its positional arguments; returns an ExitCode.
    virtual int execute(const std::vector<std::string>& arguments) = 0;
    // Options of this verb beyond --help, --db and --config.
    virtual void defineCommandOptions(Poco::Util::OptionSet&) {}
    // Whether the verb opens the case store (shows --db in its help).
    virtual bool usesStore() const { return true; }
    // Whether the verb may start a new, empty case store (deploy, submit ...). The
    // others refuse a store that is not there: a mistyped --db would otherwise
    // answer "0 case(s)" from a store made on the spot.
    virtual bool createsStore() const { return false; }

    // --db, else $GRANTFLOW_DB, else grantflow.db in the configuration, else ./grantflow-data/grantflow.db.
    std::string databasePath() const;
    // Opens the case store at databasePath(); creates it, and its folder, only when
    // createsStore(). Throws Poco::FileException naming the path otherwise.
    std::unique_ptr<CaseStore> openStore() const;
    // The plugin folder: plugins.dir, else the one beside the program.
    std::string pluginFolder() const;
    // Loads and checks every plugin of pluginFolder(); the plugins read their settings
    // (grantflow.dataDir included) from this command's configuration. Refusals are
    // logged at `logLevel` and kept in the host's reports.
    std::unique_ptr<plugin::PluginHost> loadPlugins(Poco::Message::Priority logLevel = Poco::Message::PRIO_WARNING);
    // Folder holding schemas/, forms/ and workflows/.
    std::string dataDirectory() const;
    // Where the application schema, the size limit and the known grants come from.
    IntakeSettings intakeSettings() const;
    // Who is acting: --as, else $USER.
    std::string actor() const;
    // A configuration value given as --set key=value, in --config FILE, or the default.
    std::string setting(const std::string& key, const std::string& fallback) const;
    // A whole-number setting within [low, high], or fallback when it is not given;
    // anything else throws Poco::InvalidArgumentException naming the setting and the
    // range (Poco alone would say "Not a valid integer", or wrap a number round).
    long long wholeNumber(const std::string& key, long long fallback, long long low, long long high) const;
    // Prints "grantflow VERB: message" to stderr.
    void complain(const std::string& message) const;
    // Says so on stderr when $GRANTFLOW_NOW holds the clock: set for a test and left
    // in a shell, it would stamp every step with one made-up time and stop the timers.
    void noteClockFromEnvironment() const;

private:
    void defineOptions(Poco::Util::OptionSet& options) final;
    int main(const std::vector<std::string>& arguments) final;
    void handleHelp(const std::string& name, const std::string& value);
    void handleConfig(const std::string& name, const std::string& value);
    void handleSet(const std::string& name, const std::string& value);
    void printHelp() const;

    std::string _verb, _arguments, _description;
    bool _helpRequested = false;
};

// The verbs known to the program, registered by each command's source file.
struct CommandInfo {
    std::string summary;
    std::function<std::unique_ptr<Command>()> make;
};
std::map<std::string, CommandInfo>& commandRegistry();

template <class T>
struct RegisterCommand {
    RegisterCommand(const std::string& verb, const std::string& summary) {
        commandRegistry()[verb] = {summary, [] { return std::make_unique<T>(); }};
    }
};

}  // namespace grantflow::cli
