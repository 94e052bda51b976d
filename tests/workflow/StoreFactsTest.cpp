// The engine remembers which case an instance belongs to and which roles a user
// holds (StoreFacts). An instance id can be given again to another case's instance,
// after a rollback or a purge, and roles change: a step must then still act on
// what the store says, not on what was remembered.
#include <boost/test/unit_test.hpp>

#include "EngineFixture.h"

using namespace grantflow;
using namespace grantflow::workflow;
using namespace Poco::Data::Keywords;
using test::Nodes;
using test::Store;

namespace {

Poco::Int64 instanceOf(Store& s, const std::string& dnr) {
    Poco::Int64 id = 0;
    std::string number = dnr;
    s.store.session() << "SELECT p.id FROM process_instances p JOIN cases c ON c.id = p.case_id WHERE c.dnr = ?",
        use(number), into(id), now;
    return id;
}

// The parallel test process deployed, and anna a case officer.
struct ParallelStore : Store {
    ParallelStore() {
        deploy("bpmn/runnable/parallel.bpmn");
        engine.grantRole("anna", "handlaggare");
    }
};

void completeAll(Store& s, const std::string& dnr) {
    for (int round = 0; round < 3 && !s.openTasks(dnr).empty(); ++round)
        for (const auto& node : s.openTasks(dnr)) BOOST_REQUIRE(s.engine.complete(s.task(dnr, node), "anna", "").ok);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(StoreFacts_, ParallelStore)

BOOST_AUTO_TEST_CASE(an_instance_id_given_again_after_a_rollback_names_its_new_case) {
    Store& s = *this;
    const std::string undone = s.registerCase(), kept = s.registerCase();
    {
        StepBatch batch(s.engine);
        BOOST_REQUIRE(s.engine.startCase(undone, "parallel").ok);
        BOOST_REQUIRE(s.engine.complete(s.task(undone, "left"), "anna", "").ok);  // the engine looks its instance up
    }  // dropped: nothing of it is stored, and its instance id is free again
    StepBatch batch(s.engine);
    BOOST_REQUIRE(s.engine.startCase(kept, "parallel").ok);
    BOOST_REQUIRE(s.engine.complete(s.task(kept, "left"), "anna", "").ok);
    batch.commit();
    BOOST_TEST(s.openTasks(kept) == (Nodes{"right"}));
    BOOST_TEST(s.hasEvent(kept, "task-completed", "left"));
    BOOST_TEST(!s.hasEvent(undone, "task-completed"));
}

BOOST_AUTO_TEST_CASE(an_instance_id_given_again_by_another_connection_names_its_new_case) {
    Store& s = *this;
    const std::string ended = s.registerCase(), next = s.registerCase();
    BOOST_REQUIRE(s.engine.startCase(ended, "parallel").ok);
    completeAll(s, ended);
    BOOST_REQUIRE(s.instanceState(ended) == "completed");
    const Poco::Int64 id = instanceOf(s, ended);
    const std::size_t endedEvents = s.store.events(ended).size();

    // Another process purges the ended instance and starts a case, which gets its id.
    {
        CaseStore other(s.dir.file("cases.db"));
        WorkflowEngine otherEngine(other.session(), test::engineSettings());
        BOOST_REQUIRE(otherEngine.purgeFinished(test::at("2026-11-28T00:00:00Z")) == 1);
        BOOST_REQUIRE(otherEngine.startCase(next, "parallel").ok);
    }
    BOOST_REQUIRE(instanceOf(s, next) == id);

    BOOST_REQUIRE(s.engine.complete(s.task(next, "left"), "anna", "").ok);
    BOOST_TEST(s.openTasks(next) == (Nodes{"right"}));
    BOOST_TEST(s.hasEvent(next, "task-completed", "left"));
    BOOST_TEST(s.store.events(ended).size() == endedEvents);  // its history stops where it ended
}

BOOST_AUTO_TEST_CASE(a_role_taken_away_inside_a_batch_counts_at_the_batchs_next_step) {
    Store& s = *this;
    const std::string first = s.registerCase(), second = s.registerCase();
    StepBatch batch(s.engine);
    BOOST_REQUIRE(s.engine.startCase(first, "parallel").ok);
    BOOST_REQUIRE(s.engine.startCase(second, "parallel").ok);
    BOOST_REQUIRE(s.engine.complete(s.task(first, "left"), "anna", "").ok);  // her roles are looked up
    s.engine.revokeRole("anna", "handlaggare");
    const Outcome refused = s.engine.complete(s.task(second, "left"), "anna", "");
    BOOST_TEST(refused.code == "not-a-candidate");
    batch.commit();
    BOOST_TEST(s.openTasks(second) == (Nodes{"left", "right"}));
}

BOOST_AUTO_TEST_CASE(a_role_given_by_another_process_counts_at_the_next_step) {
    Store& s = *this;
    const std::string dnr = s.registerCase();
    BOOST_REQUIRE(s.engine.startCase(dnr, "parallel").ok);
    {
        StepBatch batch(s.engine);  // inside it, bo's roles are looked up and remembered
        BOOST_TEST(s.engine.complete(s.task(dnr, "left"), "bo", "").code == "not-a-candidate");
        batch.commit();
    }
    {
        CaseStore other(s.dir.file("cases.db"));
        WorkflowEngine otherEngine(other.session(), test::engineSettings());
        otherEngine.grantRole("bo", "handlaggare");
    }
    BOOST_TEST(s.engine.complete(s.task(dnr, "left"), "bo", "").ok);
}

BOOST_AUTO_TEST_SUITE_END()
