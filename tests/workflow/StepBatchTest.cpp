// Group commit: many steps in one transaction, each still all-or-nothing on its own.
#include <boost/test/unit_test.hpp>

#include "EngineFixture.h"

#include <Poco/Exception.h>

#include <libxml/tree.h>

using namespace grantflow;
using namespace grantflow::workflow;
using namespace Poco::Data::Keywords;
using test::Nodes;
using test::Store;

namespace {

const std::string complete =
    "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\"><outcome>complete</outcome></review>";

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

// A service that fails (after changing the case document in memory) between steps
// of other cases: its job's failure is recorded, and the other steps are stored.
void aFailingServiceLeavesTheOtherStepsIn(StepUndo undo) {
    Store s;
    s.engine.services().add("flaky", [](ServiceCall& call) {
        xmlNewChild(call.caseDocument->root(), nullptr, reinterpret_cast<const xmlChar*>("halfDone"), nullptr);
        call.documentChanged = true;
        throw Poco::IOException("the letter printer is offline");
    });
    s.deploy("bpmn/runnable/flaky-service.bpmn");
    s.deploy("bpmn/runnable/parallel.bpmn");
    std::string failing = s.registerCase(), before = s.registerCase(), after = s.registerCase();
    {
        StepBatch batch(s.engine, undo);
        BOOST_REQUIRE(s.engine.startCase(before, "parallel").ok);
        BOOST_REQUIRE(s.engine.startCase(failing, "flaky").ok);
        BOOST_TEST(s.engine.runDueJobs() == 1);
        BOOST_REQUIRE(s.engine.startCase(after, "parallel").ok);
        batch.commit();
    }
    BOOST_TEST(s.openTasks(before) == (Nodes{"left", "right"}));
    BOOST_TEST(s.openTasks(after) == (Nodes{"left", "right"}));
    BOOST_TEST(s.hasEvent(failing, "service-failed", "printer is offline"));
    BOOST_TEST(s.store.caseDocument(failing)->find("halfDone") == std::string::npos);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(StepBatch_)

BOOST_AUTO_TEST_CASE(steps_of_a_batch_reach_other_connections_together_at_commit) {
    Store s;
    s.deploy("bpmn/runnable/parallel.bpmn");
    std::vector<std::string> cases{s.registerCase(), s.registerCase(), s.registerCase()};
    CaseStore reader(s.dir.file("cases.db"));
    auto instancesSeen = [&] {
        Poco::Int64 n = 0;
        reader.session() << "SELECT COUNT(*) FROM process_instances", into(n), now;
        return n;
    };
    StepBatch batch(s.engine);
    for (const auto& dnr : cases) BOOST_REQUIRE(s.engine.startCase(dnr, "parallel").ok);
    BOOST_TEST(instancesSeen() == 0);
    batch.commit();
    BOOST_TEST(instancesSeen() == 3);
}

BOOST_AUTO_TEST_CASE(a_failing_step_in_a_batch_is_undone_alone) { aFailingServiceLeavesTheOtherStepsIn(StepUndo::eachStep); }

BOOST_AUTO_TEST_CASE(a_batch_dropped_before_commit_undoes_every_step_and_what_it_merged) {
    Store s;
    s.deploy("../../workflows/grant-review.bpmn");
    s.engine.grantRole("anna", "handlaggare");
    std::string dnr = s.registerCase("02-forstudie-minimal.xml");
    BOOST_REQUIRE(s.engine.startCase(dnr).ok);
    s.engine.runDueJobs();
    BOOST_REQUIRE(s.openTasks(dnr) == (Nodes{"completeness"}));
    long long task = s.task(dnr, "completeness");
    {
        StepBatch batch(s.engine);
        BOOST_REQUIRE(s.engine.complete(task, "anna", complete).ok);
        BOOST_TEST(s.openTasks(dnr) == (Nodes{"eligibility"}));
    }  // no commit
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"completeness"}));
    BOOST_TEST(s.store.caseDocument(dnr)->find("completeness") == std::string::npos);
    // The engine must not go on from the undone merge it had in memory.
    BOOST_REQUIRE(s.engine.complete(task, "anna", complete).ok);
    BOOST_TEST(occurrences(*s.store.caseDocument(dnr), "step=\"completeness\"") == 1u);
}

// Without savepoints too: the service fails before its step writes anything.
BOOST_AUTO_TEST_CASE(in_a_batch_undone_whole_a_step_that_fails_before_it_writes_leaves_the_others_in) {
    aFailingServiceLeavesTheOtherStepsIn(StepUndo::wholeBatch);
}

BOOST_AUTO_TEST_CASE(in_a_batch_undone_whole_a_step_that_fails_after_it_wrote_stops_the_batch_and_nothing_is_stored) {
    Store s;
    std::string odd = s.startedCase("condition-fails-at-run-time", "odd");
    s.deploy("bpmn/runnable/parallel.bpmn");
    std::string earlier = s.registerCase(), later = s.registerCase();
    const long long eventsBefore = s.count("SELECT COUNT(*) FROM events");
    {
        StepBatch batch(s.engine, StepUndo::wholeBatch);
        BOOST_REQUIRE(s.engine.startCase(earlier, "parallel").ok);
        // Completing the task writes (the task, its token), then its gateway's condition fails.
        BOOST_CHECK_THROW(s.engine.complete(s.task(odd, "check"), "anna", ""), Poco::Exception);
        BOOST_CHECK_THROW(s.engine.startCase(later, "parallel"), Poco::IllegalStateException);
        BOOST_CHECK_THROW(batch.commit(), Poco::IllegalStateException);
    }
    BOOST_TEST(s.openTasks(odd) == (Nodes{"check"}));  // the failed step's writes are gone
    BOOST_TEST(s.openTasks(earlier).empty());          // and so is the step before it
    BOOST_TEST(s.instanceState(earlier).empty());
    BOOST_TEST(s.count("SELECT COUNT(*) FROM events") == eventsBefore);
    // The engine works on after the rollback, in a new batch.
    StepBatch again(s.engine, StepUndo::wholeBatch);
    BOOST_REQUIRE(s.engine.startCase(earlier, "parallel").ok);
    again.commit();
    BOOST_TEST(s.openTasks(earlier) == (Nodes{"left", "right"}));
}

BOOST_AUTO_TEST_CASE(a_batch_cannot_open_inside_another) {
    Store s;
    StepBatch outer(s.engine);
    BOOST_CHECK_THROW(StepBatch inner(s.engine), Poco::IllegalStateException);
}

BOOST_AUTO_TEST_SUITE_END()
