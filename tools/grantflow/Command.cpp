#include "Command.h"

#include <grantflow/GrantCatalog.h>

#include <Poco/Environment.h>
#include <Poco/Logger.h>
#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/Exception.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionCallback.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;
using Poco::Util::OptionCallback;
using Poco::Util::OptionSet;

std::map<std::string, CommandInfo>& commandRegistry() {
    static std::map<std::string, CommandInfo> registry;
    return registry;
}

Command::Command(std::string verb, std::string arguments, std::string description)
    : _verb(std::move(verb)), _arguments(std::move(arguments)), _description(std::move(description)) {
    setUnixOptions(true);
}

void Command::defineOptions(OptionSet& options) {
    options.addOption(Option("help", "h", "show what this command does and its options")
                          .callback(OptionCallback<Command>(this, &Command::handleHelp)));
    if (usesStore()) {
        options.addOption(Option("db", "", "the case store (SQLite file); default: $GRANTFLOW_DB or "
                                           "./grantflow-data/grantflow.db")
                              .argument("PATH")
                              .binding("grantflow.db"));
    }
    options.addOption(Option("config", "", "read settings from a Poco properties file")
                          .argument("FILE")
                          .repeatable(true)
                          .callback(OptionCallback<Command>(this, &Command::handleConfig)));
    options.addOption(Option("set", "", "set one setting, e.g. --set intake.maxBytes=1048576")
                          .argument("KEY=VALUE")
                          .repeatable(true)
                          .callback(OptionCallback<Command>(this, &Command::handleSet)));
    defineCommandOptions(options);
}

void Command::handleHelp(const std::string&, const std::string&) {
    _helpRequested = true;
    stopOptionsProcessing();
}

void Command::handleConfig(const std::string&, const std::string& value) {
    // Poco reads a folder as a properties file that never ends.
    Poco::File file(value);
    if (!file.exists() || !file.isFile())
        throw Poco::Util::InvalidArgumentException("--config " + value + ": " +
                                                   (file.exists() ? "a folder, not a file" : "no such file"));
    // Settings given on the command line (--set, --db) still win over the file.
    config().add(new Poco::Util::PropertyFileConfiguration(value), 10);
}

void Command::handleSet(const std::string&, const std::string& value) {
    auto eq = value.find('=');
    if (eq == std::string::npos || eq == 0)
        throw Poco::Util::InvalidArgumentException("--set wants KEY=VALUE, got '" + value + "'");
    config().setString(value.substr(0, eq), value.substr(eq + 1));
}

void Command::printHelp() const {
    Poco::Util::HelpFormatter help(options());
    help.setUnixStyle(true);
    help.setCommand("grantflow " + _verb);
    help.setUsage("[options] " + _arguments);
    help.setHeader(_description);
    help.setIndent(8);
    help.format(std::cout);
}

std::string Command::databasePath() const {
    if (config().hasProperty("grantflow.db")) return config().getString("grantflow.db");
    return Poco::Environment::get("GRANTFLOW_DB", "grantflow-data/grantflow.db");
}

std::unique_ptr<CaseStore> Command::openStore() const {
    Poco::Path path(databasePath());
    Poco::File file(path);
    if (!file.exists()) {
        if (!createsStore())
            throw Poco::FileNotFoundException("there is no case store at " + path.toString() +
                                              " (--db): grantflow deploy or submit starts one");
        Poco::Path folder = Poco::Path(path).makeParent();
        if (!folder.toString().empty()) Poco::File(folder).createDirectories();
    } else if (!file.isFile()) {
        throw Poco::OpenFileException("the case store " + path.toString() + " (--db) is a folder or device, not a file");
    }
    return std::make_unique<CaseStore>(path.toString());
}

std::string Command::pluginFolder() const {
    return setting("plugins.dir", plugin::PluginHost::defaultFolder());
}

std::unique_ptr<plugin::PluginHost> Command::loadPlugins(Poco::Message::Priority logLevel) {
    if (!config().hasProperty("grantflow.dataDir")) config().setString("grantflow.dataDir", dataDirectory());
    Poco::Logger& logger = Poco::Logger::get("grantflow.plugins");
    logger.setLevel(logLevel);
    auto host = std::make_unique<plugin::PluginHost>(logger);
    host->loadFolder(pluginFolder());
    return host;
}

std::string Command::dataDirectory() const {
    if (config().hasProperty("grantflow.dataDir")) return config().getString("grantflow.dataDir");
    return Poco::Environment::get("GRANTFLOW_DATA_DIR", GRANTFLOW_DATA_DIR);
}

IntakeSettings Command::intakeSettings() const {
    IntakeSettings settings;
    Poco::Path data(dataDirectory());
    settings.schemaPath = setting("intake.schema", Poco::Path(data, "schemas/application.xsd").toString());
    settings.limits.maxBytes = static_cast<std::size_t>(
        wholeNumber("intake.maxBytes", static_cast<long long>(settings.limits.maxBytes), 1, 1LL << 30));
    std::string grants = setting("grants.file", Poco::Path(data, "forms/grants.xml").toString());
    settings.knownGrants = GrantCatalog::load(grants).ids();
    return settings;
}

std::string Command::actor() const {
    std::string who = setting("grantflow.actor", Poco::Environment::get("USER", "grantflow"));
    // An empty name would be recorded as the one who decided, and matches no one's claim.
    if (Poco::trim(who).empty())
        throw Poco::Util::InvalidArgumentException("--as (grantflow.actor) names nobody: say who acts, e.g. --as=anna");
    return who;
}

std::string Command::setting(const std::string& key, const std::string& fallback) const {
    return config().getString(key, fallback);
}

long long Command::wholeNumber(const std::string& key, long long fallback, long long low, long long high) const {
    if (!config().hasProperty(key)) return fallback;
    const std::string text = config().getString(key);
    Poco::Int64 value = 0;
    if (!Poco::NumberParser::tryParse64(Poco::trim(text), value) || value < low || value > high)
        throw Poco::Util::InvalidArgumentException(key + " must be a whole number from " + std::to_string(low) + " to " +
                                             std::to_string(high) + ", not '" + text + "'");
    return value;
}

void Command::complain(const std::string& message) const {
    std::cerr << "grantflow " << _verb << ": " << message << "\n";
}

void Command::noteClockFromEnvironment() const {
    if (Poco::Environment::has("GRANTFLOW_NOW"))
        complain("the clock is $GRANTFLOW_NOW, " + Poco::Environment::get("GRANTFLOW_NOW") +
                 ", not the time of day: steps are stamped with it and timers fall due by it");
}

int Command::main(const std::vector<std::string>& arguments) {
    if (_helpRequested) {
        printHelp();
        return exitOk;
    }
    try {
        return execute(arguments);
    } catch (const Poco::Util::OptionException& e) {
        complain(e.displayText() + " (see grantflow " + _verb + " --help)");
        return exitUsage;
    } catch (const Poco::Exception& e) {
        complain(e.displayText());
        return exitRefused;
    } catch (const std::exception& e) {
        complain(e.what());
        return exitRefused;
    }
}

}  // namespace grantflow::cli
