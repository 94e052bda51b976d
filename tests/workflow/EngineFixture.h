// A real case store with a workflow engine on it, for the runtime's tests: registers
// sample applications, deploys test processes and reads back what the engine wrote.
#pragma once

#include <boost/test/unit_test.hpp>

#include "TestSupport.h"

#include <grantflow/ApplicationIntake.h>
#include <grantflow/CaseStore.h>
#include <grantflow/workflow/WorkflowEngine.h>

#include <Poco/Data/Session.h>

#include <algorithm>
#include <string>
#include <vector>

namespace grantflow::test {

using namespace grantflow::workflow;
using namespace Poco::Data::Keywords;

inline const ApplicationIntake& intake() {
    static ApplicationIntake instance([] {
        IntakeSettings settings;
        settings.schemaPath = sourcePath("schemas/application.xsd");
        return settings;
    }());
    return instance;
}

inline Instant at(const char* text) { return *parseIsoInstant(text); }

inline EngineSettings engineSettings() {
    EngineSettings settings;
    settings.outcomeSchemaDirectory = sourcePath("schemas/outcomes");
    settings.clock.set(at("2026-11-27T09:00:00Z"));  // a Friday
    settings.retryBaseSeconds = 60;
    return settings;
}

struct Store {
    TempDir dir;
    CaseStore store{dir.file("cases.db")};
    WorkflowEngine engine{store.session(), engineSettings()};
    int registered = 0;

    // Registers a sample application as a new case (a comment makes the bytes unique).
    std::string registerCase(const std::string& sample = "01-information-bosnia.xml",
                             const char* channel = channel::xml) {
        std::string bytes = readFile(dataPath("applications/valid/" + sample)) + "<!-- copy " +
                            std::to_string(++registered) + " -->\n";
        CheckedApplication checked = intake().check(sample, bytes);
        BOOST_REQUIRE(checked.accepted());
        checked.channel = channel;
        return store.registerApplications({&checked}, Poco::Timestamp(), "test")[0].referenceNumber;
    }

    void deploy(const std::string& relative) {
        auto result = engine.deploy(readFile(dataPath(relative)), relative, "admin");
        BOOST_REQUIRE_MESSAGE(result.problems.empty(), relative << " refused: " << (result.problems.empty() ? std::string() : result.problems[0].message));
    }

    // A case started on process `processId` of bpmn/runnable/<fixture>.bpmn, with anna a case officer.
    std::string startedCase(const std::string& fixture, const std::string& processId) {
        deploy("bpmn/runnable/" + fixture + ".bpmn");
        engine.grantRole("anna", "handlaggare");
        std::string dnr = registerCase();
        BOOST_REQUIRE(engine.startCase(dnr, processId).ok);
        return dnr;
    }

    std::vector<std::string> openTasks(const std::string& dnr) {
        std::vector<std::string> nodes;
        TaskQuery q;
        q.referenceNumber = dnr;
        for (const auto& t : engine.tasks(q)) nodes.push_back(t.node);
        std::sort(nodes.begin(), nodes.end());
        return nodes;
    }

    long long task(const std::string& dnr, const std::string& node) {
        TaskQuery q;
        q.referenceNumber = dnr;
        for (const auto& t : engine.tasks(q))
            if (t.node == node) return t.id;
        BOOST_FAIL("no open task " << node << " in " << dnr);
        return 0;
    }

    std::string instanceState(const std::string& dnr) {
        std::string state, number = dnr;
        store.session() << "SELECT p.state FROM process_instances p JOIN cases c ON c.id = p.case_id WHERE c.dnr = ? "
                           "ORDER BY p.id DESC LIMIT 1",
            use(number), into(state), now;
        return state;
    }

    long long count(const std::string& sql) {
        Poco::Int64 n = 0;
        store.session() << sql, into(n), now;
        return n;
    }

    bool hasEvent(const std::string& dnr, const std::string& kind, const std::string& part = "") {
        for (const auto& e : store.events(dnr))
            if (e.kind == kind && e.detail.find(part) != std::string::npos) return true;
        return false;
    }
};

using Nodes = std::vector<std::string>;

}  // namespace grantflow::test
