// What a WorkflowEngine holds: its connection's prepared statements, the parsed
// case documents and process definitions it keeps between steps, and the outcome
// schemas it has loaded. Shared by the files that implement the engine.
#pragma once

#include "CaseDocumentCache.h"
#include "JobPreparation.h"
#include "StoreFacts.h"
#include "store/StatementCache.h"

#include <grantflow/ReferenceNumber.h>
#include "OutcomeForm.h"
#include <grantflow/workflow/BpmnLoader.h>
#include <grantflow/workflow/WorkflowEngine.h>

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/Path.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace grantflow::workflow {

using namespace Poco::Data::Keywords;

// How the event log and messages name an element: "decision 'Beslut'".
inline std::string describe(const FlowNode& n) { return n.id + (n.name.empty() ? "" : " '" + n.name + "'"); }

// Thrown at a step that an earlier, failed step of its batch keeps from running.
[[noreturn]] inline void refuseInSpoiledBatch() {
    throw Poco::IllegalStateException("an earlier step of this batch failed after it had written, and only the "
                                      "whole batch can be undone: roll it back");
}

struct WorkflowEngine::Impl {
    Poco::Data::Session& session;
    StatementCache sql;
    StoreFacts facts;  // what instance(), caseId(), rolesOf() and fullName() found, while it holds
    CaseDocumentCache documents;
    std::unique_ptr<JobPreparation> preparation;  // started by the first prepareDueJobs() with work
    std::map<Poco::Int64, std::shared_ptr<const ProcessDefinition>> definitions;  // by definition row id
    std::map<std::string, std::unique_ptr<OutcomeForm>> forms;              // by form key
    std::mutex formsMutex;
    // How the steps of the open StepBatch are undone (StepBatch::Undo).
    bool stepSavepoints = true;  // each step a savepoint of its own, undone alone
    bool batchSpoiled = false;   // without them, a step failed after it had written

    Impl(Poco::Data::Session& s, std::size_t documentCacheSize)
        : session(s), sql(s), facts(sql), documents(documentCacheSize) {}

    std::shared_ptr<const ProcessDefinition> definition(Poco::Int64 id) {
        auto found = definitions.find(id);
        if (found != definitions.end()) return found->second;
        std::string bpmn, key;
        session << "SELECT bpmn, key FROM process_definitions WHERE id = ?", use(id), into(bpmn), into(key), now;
        if (bpmn.empty()) throw Poco::NotFoundException("process definition", std::to_string(id));
        LoaderSettings settings;
        settings.checkReferences = false;
        LoadedDefinitions loaded = BpmnLoader(settings).load(bpmn);
        if (!loaded.problems.empty())
            throw Poco::DataFormatException("stored process " + key + " no longer loads", loaded.problems[0].message);
        for (auto& p : loaded.processes)
            if (p.key == key) {
                auto shared = std::make_shared<const ProcessDefinition>(std::move(p));
                definitions[id] = shared;
                return shared;
            }
        throw Poco::NotFoundException("process " + key + " in its stored file");
    }

    using Instance = StoreFacts::Instance;

    std::optional<Instance> instance(Poco::Int64 id) {
        if (const Instance* known = facts.instance(id)) return *known;
        Instance i;
        i.id = id;
        auto rows = sql.query("SELECT p.case_id, p.definition_id, c.dnr FROM process_instances p "
                              "JOIN cases c ON c.id = p.case_id WHERE p.id = ?",
                              id);
        if (!rows.next()) return std::nullopt;
        i.caseId = rows.integer(0);
        i.definitionId = rows.integer(1);
        i.dnr = rows.text(2);
        facts.remember(i);
        return i;
    }

    std::optional<Poco::Int64> caseId(const std::string& referenceNumber) {
        if (const Poco::Int64* known = facts.caseId(referenceNumber)) return *known;
        ReferenceNumber number;
        try {
            number = ReferenceNumber::parse(referenceNumber);
        } catch (const Poco::SyntaxException&) {
            return std::nullopt;
        }
        Poco::Int64 id = sql.integer("SELECT id FROM cases WHERE dnr = ?", 0, number.toString());
        if (id == 0) return std::nullopt;
        facts.remember(referenceNumber, id);
        return id;
    }

    // Thread-safe (see WorkflowEngine::prepareOutcome); a form, once loaded, stays.
    const OutcomeForm& form(const std::string& directory, const std::string& key) {
        std::lock_guard<std::mutex> lock(formsMutex);
        auto found = forms.find(key);
        if (found != forms.end()) return *found->second;
        return *(forms[key] = std::make_unique<OutcomeForm>(directory, key));
    }
};

}  // namespace grantflow::workflow
