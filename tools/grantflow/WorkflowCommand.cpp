#include "WorkflowCommand.h"

#include <grantflow/DecimalNumber.h>
#include <grantflow/workflow/IsoTime.h>

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>

#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;

void WorkflowCommand::defineCommandOptions(Poco::Util::OptionSet& options) {
    options.addOption(Option("as", "", "who is acting (default: $USER)").argument("USER").binding("grantflow.actor"));
    options.addOption(Option("now", "", "take this ISO 8601 instant as the current time (default: $GRANTFLOW_NOW, "
                                        "else the clock)")
                          .argument("INSTANT")
                          .binding("workflow.now"));
    defineWorkflowOptions(options);
}

CaseStore& WorkflowCommand::store() {
    if (!_store) _store = openStore();
    return *_store;
}

workflow::WorkflowEngine& WorkflowCommand::engine() {
    if (!_engine) {
        workflow::EngineSettings settings;
        settings.outcomeSchemaDirectory =
            setting("workflow.outcomeSchemas", Poco::Path(Poco::Path(dataDirectory()), "schemas/outcomes").toString());
        settings.defaultProcess = setting("workflow.defaultProcess", settings.defaultProcess);
        std::string nowText = setting("workflow.now", "");
        if (!nowText.empty()) {
            auto fixed = workflow::parseIsoInstant(nowText);
            if (!fixed) throw Poco::Util::InvalidArgumentException("--now wants an ISO 8601 instant, got " + nowText);
            settings.clock.set(*fixed);
        } else {
            noteClockFromEnvironment();
        }
        _engine = std::make_unique<workflow::WorkflowEngine>(store().session(), settings);
        bindLetterPlugin();
    }
    return *_engine;
}

void WorkflowCommand::bindLetterPlugin() {
    _plugins = loadPlugins();
    try {
        _letters = std::make_unique<workflow::LetterServiceBinding>(*_plugins, config(), store());
        _letters->install(_engine->services());
    } catch (const Poco::Exception& e) {
        // Verbs that run no jobs work on; a letter job fails and says why, and becomes
        // an incident when it keeps failing.
        std::string why = e.displayText();
        _engine->services().add("letter", [why](workflow::ServiceCall&) {
            throw Poco::NotFoundException("the letter plugin is not available: " + why);
        });
    }
}

std::optional<long long> WorkflowCommand::taskNumber(const std::vector<std::string>& arguments) {
    if (arguments.size() != 1) return std::nullopt;
    return decimalNumber(arguments[0]);
}

int WorkflowCommand::report(const workflow::Outcome& outcome, const std::string& source) {
    if (outcome.ok) {
        std::cout << outcome.message << "\n";
        return exitOk;
    }
    complain(outcome.message + " [" + outcome.code + "]");
    printProblems(source, outcome.problems);
    return exitRefused;
}

void WorkflowCommand::printProblems(const std::string& source, const Problems& problems) const {
    for (const Problem& p : problems) std::cerr << formatProblem(source, p) << "\n";
}

}  // namespace grantflow::cli
