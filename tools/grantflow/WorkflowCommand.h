// What every workflow verb (deploy, tasks, claim, complete, message, work ...)
// shares: the case store and the workflow engine on it, the acting user (--as),
// and the clock (--now, else $GRANTFLOW_NOW, else the system clock), so tests
// and demonstrations can let deadlines pass.
#pragma once

#include "Command.h"

#include <grantflow/CaseStore.h>
#include <grantflow/Problem.h>
#include <grantflow/plugin/PluginHost.h>
#include <grantflow/workflow/LetterServiceBinding.h>
#include <grantflow/workflow/WorkflowEngine.h>

#include <memory>
#include <optional>

namespace grantflow::cli {

class WorkflowCommand : public Command {
public:
    using Command::Command;

protected:
    void defineCommandOptions(Poco::Util::OptionSet& options) override;
    // Options of the verb itself.
    virtual void defineWorkflowOptions(Poco::Util::OptionSet&) {}

    // Opens the store and the engine on first use.
    workflow::WorkflowEngine& engine();
    CaseStore& store();
    // The letter service of engine(); null when the letter plugin was not found.
    const workflow::LetterServiceBinding* letterService() const { return _letters.get(); }

    // Prints an Outcome: its message on stdout when ok, else its reason and details on
    // stderr, a refusal's problems placed in `source`, the file the refused document came from.
    int report(const workflow::Outcome& outcome, const std::string& source = "");
    void printProblems(const std::string& source, const Problems& problems) const;
    // The one argument as a task number, as grantflow tasks prints them: digits only
    // ("+9", " 9" and "0x9" are not task numbers), else nothing.
    static std::optional<long long> taskNumber(const std::vector<std::string>& arguments);

private:
    // Letter service tasks render PDFs with the letter plugin (plugins.dir).
    void bindLetterPlugin();

    std::unique_ptr<CaseStore> _store;
    // Destroyed in reverse order: the engine, then the service made by a plugin, then the plugins.
    std::unique_ptr<plugin::PluginHost> _plugins;
    std::unique_ptr<workflow::LetterServiceBinding> _letters;
    std::unique_ptr<workflow::WorkflowEngine> _engine;
};

}  // namespace grantflow::cli
