// The runtime on a real SQLite store: tokens through gateways, timers, jobs with
// retries and incidents, messages, candidates and the one-transaction-per-step promise.
#include <boost/test/unit_test.hpp>

#include "EngineFixture.h"

#include <future>

#include <Poco/Exception.h>

#include <libxml/tree.h>

using namespace grantflow;
using namespace grantflow::workflow;
using namespace Poco::Data::Keywords;
namespace test = grantflow::test;

using test::at;
using test::Nodes;
using test::Store;

BOOST_AUTO_TEST_SUITE(WorkflowEngine_)

BOOST_AUTO_TEST_CASE(a_parallel_join_waits_for_every_branch) {
    Store s;
    std::string dnr = s.startedCase("parallel", "parallel");
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"left", "right"}));
    BOOST_REQUIRE(s.engine.complete(s.task(dnr, "left"), "anna", "").ok);
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"right"}));
    BOOST_REQUIRE(s.engine.complete(s.task(dnr, "right"), "anna", "").ok);
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"after"}));
    BOOST_REQUIRE(s.engine.complete(s.task(dnr, "after"), "anna", "").ok);
    BOOST_TEST(s.instanceState(dnr) == "completed");
    BOOST_TEST(s.count("SELECT COUNT(*) FROM tokens") == 0);
}

namespace {

// A large case (450,000 kr requested) and a small one (85,000 kr) started on `process`
// of bpmn/runnable/PROCESS.bpmn, with anna as case officer.
std::pair<std::string, std::string> bigAndSmallCase(Store& s, const std::string& process) {
    s.deploy("bpmn/runnable/" + process + ".bpmn");
    s.engine.grantRole("anna", "handlaggare");
    std::pair<std::string, std::string> cases{s.registerCase("01-information-bosnia.xml"),
                                              s.registerCase("02-forstudie-minimal.xml")};
    BOOST_REQUIRE(s.engine.startCase(cases.first, process).ok);
    BOOST_REQUIRE(s.engine.startCase(cases.second, process).ok);
    return cases;
}

// What a step that did not go through says, whether it is refused or throws.
template <typename Step>
std::string refusalOf(Step step) {
    try {
        Outcome done = step();
        return done.ok ? "" : done.message;
    } catch (const Poco::Exception& e) {
        return e.displayText();
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_inclusive_gateway_takes_every_true_branch_and_joins_them) {
    Store s;
    auto [big, small] = bigAndSmallCase(s, "inclusive");
    BOOST_TEST(s.openTasks(big) == (Nodes{"budget", "legal"}));
    BOOST_TEST(s.openTasks(small) == (Nodes{"legal"}));
    BOOST_REQUIRE(s.engine.complete(s.task(big, "legal"), "anna", "").ok);
    BOOST_TEST(s.instanceState(big) == "active");  // the join still waits for the budget branch
    BOOST_REQUIRE(s.engine.complete(s.task(big, "budget"), "anna", "").ok);
    BOOST_TEST(s.instanceState(big) == "completed");
    BOOST_REQUIRE(s.engine.complete(s.task(small, "legal"), "anna", "").ok);
    BOOST_TEST(s.instanceState(small) == "completed");
}

// Deploy refuses a loop in which nothing waits; one stored before it did stops
// after a bounded number of elements instead of spinning with the write lock held.
BOOST_AUTO_TEST_CASE(a_stored_loop_without_a_wait_stops_the_step_and_changes_nothing) {
    Store s;
    std::string bpmn = test::readFile(test::dataPath("bpmn/refused/loop-without-wait.bpmn"));
    s.store.session() << "INSERT INTO process_definitions(key, version, name, bpmn, sha256, source, deployed_at, "
                         "deployed_by) VALUES('p', 1, '', ?, 'x', 'old', '2026-01-01T00:00:00Z', 'admin')",
        use(bpmn), now;
    s.engine.grantRole("anna", "handlaggare");
    std::string dnr = s.registerCase("02-forstudie-minimal.xml");  // 85,000 kr: the loop's way out is closed
    BOOST_REQUIRE(s.engine.startCase(dnr, "p").ok);
    const long long eventsBefore = s.count("SELECT COUNT(*) FROM events");
    const std::string refusal = refusalOf([&] { return s.engine.complete(s.task(dnr, "check"), "anna", ""); });
    BOOST_TEST(refusal.find("loops without waiting") != std::string::npos, refusal);
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"check"}));  // the step was rolled back whole
    BOOST_TEST(s.count("SELECT COUNT(*) FROM events") == eventsBefore);
}

BOOST_AUTO_TEST_CASE(a_condition_that_fails_on_a_case_names_its_flow_and_gateway) {
    Store s;
    std::string dnr = s.startedCase("condition-fails-at-run-time", "odd");
    const std::string refusal = refusalOf([&] { return s.engine.complete(s.task(dnr, "check"), "anna", ""); });
    BOOST_TEST(refusal.find("sequenceFlow 'f_odd' (line 13) leaving exclusiveGateway 'gw' (line 8)") != std::string::npos,
               refusal);
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"check"}));
}

BOOST_AUTO_TEST_CASE(an_inclusive_flow_without_a_condition_is_always_taken) {
    Store s;
    auto [big, small] = bigAndSmallCase(s, "inclusive-unconditional");
    BOOST_TEST(s.openTasks(big) == (Nodes{"budget", "legal"}));
    BOOST_TEST(s.openTasks(small) == (Nodes{"legal"}));
    BOOST_REQUIRE(s.engine.complete(s.task(small, "legal"), "anna", "").ok);
    BOOST_TEST(s.instanceState(small) == "completed");
}

BOOST_AUTO_TEST_CASE(a_non_interrupting_cycle_fires_its_repetitions_and_leaves_the_task) {
    Store s;
    s.deploy("bpmn/runnable/timers.bpmn");
    std::string dnr = s.registerCase();
    BOOST_REQUIRE(s.engine.startCase(dnr, "timers").ok);
    BOOST_TEST(s.engine.runDueJobs() == 0);
    s.engine.clock().set(at("2026-11-28T09:00:00Z"));
    BOOST_TEST(s.engine.runDueJobs() == 2);  // the reminder, then the service task it leads to
    s.engine.clock().set(at("2026-11-29T09:00:00Z"));
    BOOST_TEST(s.engine.runDueJobs() == 2);
    s.engine.clock().set(at("2026-11-30T09:00:00Z"));
    BOOST_TEST(s.engine.runDueJobs() == 0);  // R2: two repetitions only
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"answer"}));
    BOOST_TEST(s.count("SELECT COUNT(*) FROM events WHERE kind = 'service-done'") == 2);
}

BOOST_AUTO_TEST_CASE(an_interrupting_timer_in_working_days_cancels_the_task_and_goes_on) {
    Store s;
    std::string dnr = s.startedCase("timers", "timers");
    long long answer = s.task(dnr, "answer");
    // Five working days from Friday 27 November is Friday 4 December, not Wednesday 2 December.
    s.engine.clock().set(at("2026-12-04T08:59:59Z"));
    s.engine.runDueJobs();
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"answer"}));
    s.engine.clock().set(at("2026-12-04T09:00:00Z"));
    s.engine.runDueJobs();
    BOOST_TEST(s.openTasks(dnr).empty());  // cancelled; the case waits at the dated timer
    auto refused = s.engine.complete(answer, "anna", "");
    BOOST_TEST(!refused.ok);
    BOOST_TEST(refused.code == "task-closed");
    s.engine.clock().set(at("2030-01-01T00:00:00Z"));
    s.engine.runDueJobs();
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"late"}));
}

BOOST_AUTO_TEST_CASE(a_message_on_a_task_boundary_interrupts_it_or_runs_beside_it) {
    Store s;
    std::string dnr = s.startedCase("boundary-messages", "boundary-messages");
    const long long answer = s.task(dnr, "answer");
    // Not interrupting: the task stays open, and the path from the event runs beside it.
    Outcome noted = s.engine.message(dnr, "note-added", "note-1", "registrator");
    BOOST_REQUIRE_MESSAGE(noted.ok, noted.message);
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"answer"}));
    BOOST_TEST(s.task(dnr, "answer") == answer);
    BOOST_TEST(s.engine.runDueJobs() == 1);  // the record service task
    BOOST_TEST(s.hasEvent(dnr, "service-done", "record"));
    BOOST_TEST(s.engine.message(dnr, "note-added", "note-2", "registrator").ok, "it can come again");
    BOOST_TEST(s.engine.runDueJobs() == 1);
    // Interrupting: the task is cancelled and the case goes the event's way.
    BOOST_REQUIRE(s.engine.message(dnr, "withdrawn", "withdrawal-1", "registrator").ok);
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"writeOff"}));
    BOOST_TEST(s.hasEvent(dnr, "task-cancelled"));
    BOOST_TEST(s.engine.complete(answer, "anna", "").code == "task-closed");
    Outcome late = s.engine.message(dnr, "note-added", "note-3", "registrator");
    BOOST_TEST(!late.ok);
    BOOST_TEST(late.code == "not-waiting");
    BOOST_REQUIRE(s.engine.complete(s.task(dnr, "writeOff"), "anna", "").ok);
    BOOST_TEST(s.instanceState(dnr) == "completed");
    BOOST_TEST(s.count("SELECT COUNT(*) FROM tokens") == 0);
}

BOOST_AUTO_TEST_CASE(a_failing_service_is_retried_with_back_off_then_becomes_an_incident) {
    Store s;
    int calls = 0;
    bool healthy = false;
    s.engine.services().add("flaky", [&](ServiceCall& call) {
        ++calls;
        // What a failing attempt writes must vanish with it.
        xmlNewChild(call.caseDocument->root(), nullptr, reinterpret_cast<const xmlChar*>("halfDone"), nullptr);
        call.documentChanged = true;
        if (!healthy) throw Poco::IOException("the letter printer is offline");
    });
    s.deploy("bpmn/runnable/flaky-service.bpmn");
    std::string dnr = s.registerCase();
    BOOST_REQUIRE(s.engine.startCase(dnr, "flaky").ok);
    BOOST_TEST(s.engine.runDueJobs() == 1);
    BOOST_TEST(s.engine.runDueJobs() == 0);  // not again before the back-off has passed
    s.engine.clock().set(at("2026-11-27T09:01:00Z"));
    BOOST_TEST(s.engine.runDueJobs() == 1);
    s.engine.clock().set(at("2026-11-27T09:03:00Z"));  // 60 s, then 120 s
    BOOST_TEST(s.engine.runDueJobs() == 1);
    BOOST_TEST(calls == 3);
    auto incidents = s.engine.incidents();
    BOOST_REQUIRE(incidents.size() == 1u);
    BOOST_TEST(incidents[0].referenceNumber == dnr);
    BOOST_TEST(incidents[0].node == "call");
    BOOST_TEST(incidents[0].message.find("printer is offline") != std::string::npos);
    s.engine.clock().set(at("2026-12-27T09:00:00Z"));
    BOOST_TEST(s.engine.runDueJobs() == 0);  // an incident waits for a person
    BOOST_TEST(s.store.caseDocument(dnr)->find("halfDone") == std::string::npos);

    healthy = true;
    BOOST_REQUIRE(s.engine.retryIncident(incidents[0].id, "admin").ok);
    BOOST_TEST(s.engine.runDueJobs() == 1);
    BOOST_TEST(s.engine.incidents().empty());
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"after"}));
    BOOST_TEST(s.store.caseDocument(dnr)->find("halfDone") != std::string::npos);
    BOOST_TEST(s.hasEvent(dnr, "incident-retried"));
}

BOOST_AUTO_TEST_CASE(a_terminate_end_event_ends_every_branch) {
    Store s;
    std::string dnr = s.startedCase("terminate", "terminate");
    BOOST_REQUIRE(s.engine.complete(s.task(dnr, "quick"), "anna", "").ok);
    BOOST_TEST(s.openTasks(dnr).empty());
    BOOST_TEST(s.instanceState(dnr) == "terminated");
    BOOST_TEST(s.count("SELECT COUNT(*) FROM tasks WHERE state = 'cancelled'") == 1);
}

// A plain intermediate throw event is a milestone: the token passes it in the same
// step, and the history says so.
BOOST_AUTO_TEST_CASE(a_milestone_is_passed_at_once_and_noted) {
    Store s;
    std::string dnr = s.startedCase("milestone", "milestone");
    BOOST_TEST(s.hasEvent(dnr, "milestone-passed", "registered 'Ansökan registrerad'"));
    BOOST_TEST(s.openTasks(dnr) == (Nodes{"review"}));
    BOOST_TEST(!s.hasEvent(dnr, "milestone-passed", "reviewed"));
    BOOST_REQUIRE(s.engine.complete(s.task(dnr, "review"), "anna", "").ok);
    BOOST_TEST(s.hasEvent(dnr, "milestone-passed", "reviewed 'Granskad'"));
    BOOST_TEST(s.instanceState(dnr) == "completed");
}

BOOST_AUTO_TEST_CASE(only_holders_of_a_candidate_role_may_claim_or_complete) {
    Store s;
    s.deploy("bpmn/runnable/parallel.bpmn");
    s.engine.grantRole("anna", "handlaggare");
    s.engine.grantRole("bo", "handlaggare");
    s.engine.grantRole("eve", "ekonomi");
    std::string dnr = s.registerCase();
    s.engine.startCase(dnr, "parallel");
    long long left = s.task(dnr, "left");
    BOOST_TEST(s.engine.claim(left, "eve").code == "not-a-candidate");
    BOOST_TEST(s.engine.claim(left, "anna").ok);
    BOOST_TEST(s.engine.complete(left, "bo", "").code == "claimed");
    TaskQuery mine;
    mine.user = "bo";
    mine.includeClaimed = false;
    BOOST_TEST(s.engine.tasks(mine).size() == 1u);  // right only: left is anna's
    BOOST_TEST(s.engine.complete(left, "anna", "").ok);
    BOOST_TEST(s.engine.complete(left, "anna", "").code == "task-closed");
}

BOOST_AUTO_TEST_CASE(a_case_runs_a_process_once_however_often_it_is_started) {
    Store s;
    s.deploy("bpmn/runnable/parallel.bpmn");
    std::string dnr = s.registerCase();
    auto first = s.engine.startCase(dnr, "parallel");
    auto second = s.engine.startCase(dnr, "parallel");
    BOOST_TEST(second.ok);
    BOOST_TEST(second.code == "already-running");
    BOOST_TEST(second.id == first.id);
    BOOST_TEST(s.engine.startCase("GF 2026-999999", "parallel").code == "no-such-case");
    BOOST_TEST(s.engine.startCase(dnr, "no-such-process").code == "no-such-process");
}

BOOST_AUTO_TEST_CASE(deploying_the_same_bytes_twice_makes_no_new_version) {
    Store s;
    std::string bytes = test::readFile(test::dataPath("bpmn/runnable/parallel.bpmn"));
    auto first = s.engine.deploy(bytes, "a", "admin");
    auto again = s.engine.deploy(bytes, "a", "admin");
    BOOST_TEST(again.unchanged.at(0));
    BOOST_TEST(again.deployed.at(0).version == 1);
    std::string changed = bytes;
    changed.replace(changed.find("id=\"after\" name=\"after\""), 23, "id=\"after\" name=\"later\"");
    auto next = s.engine.deploy(changed, "b", "admin");
    BOOST_TEST(!next.unchanged.at(0));
    BOOST_TEST(next.deployed.at(0).version == 2);
    BOOST_TEST(s.engine.versions().size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_case_is_listed_by_where_its_workflow_waits) {
    Store s;
    s.deploy("bpmn/runnable/terminate.bpmn");
    s.engine.grantRole("anna", "handlaggare");
    std::string dnr = s.registerCase();
    auto stateOf = [&] {
        for (const auto& c : s.store.listCases(CaseFilter{}))
            if (c.referenceNumber == dnr) return c.state;
        return std::string();
    };
    BOOST_TEST(stateOf() == "registered");
    BOOST_REQUIRE(s.engine.startCase(dnr, "terminate").ok);
    std::string waiting = stateOf();
    BOOST_TEST(waiting.find("quick") != std::string::npos, waiting);
    CaseFilter atQuick;
    atQuick.state = waiting;
    BOOST_TEST(s.store.listCases(atQuick).size() == 1u);
    BOOST_REQUIRE(s.engine.complete(s.task(dnr, "quick"), "anna", "").ok);
    BOOST_TEST(stateOf() == "terminated");
}

BOOST_AUTO_TEST_CASE(a_scan_waiting_to_be_keyed_in_says_so_while_its_workflow_runs) {
    Store s;
    s.deploy("../../workflows/grant-review.bpmn");
    std::string paper = s.registerCase("01-information-bosnia.xml", channel::scannedPaper);
    std::string number = paper;
    s.store.session() << "UPDATE cases SET state = 'awaiting-keying' WHERE dnr = ?", use(number), now;
    BOOST_REQUIRE(s.engine.startCase(paper).ok);
    s.engine.runDueJobs();
    CaseFilter waiting;
    waiting.state = "awaiting-keying";
    BOOST_TEST(s.store.listCases(waiting).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_paper_application_is_checked_by_a_registrar_before_completeness) {
    Store s;
    s.deploy("../../workflows/grant-review.bpmn");
    s.engine.grantRole("rita", "registrator");
    s.engine.grantRole("anna", "handlaggare");
    std::string paper = s.registerCase("01-information-bosnia.xml", channel::scannedPaper);
    std::string digital = s.registerCase("02-forstudie-minimal.xml");
    BOOST_REQUIRE(s.engine.startCase(paper).ok);
    BOOST_REQUIRE(s.engine.startCase(digital).ok);
    s.engine.runDueJobs();
    BOOST_TEST(s.openTasks(paper) == (Nodes{"checkPaper"}));
    BOOST_TEST(s.openTasks(digital) == (Nodes{"completeness"}));
    BOOST_TEST(s.engine.complete(s.task(paper, "checkPaper"), "anna", "").code == "not-a-candidate");
    std::string confirmed = "<review xmlns=\"urn:grantflow:case:1\" step=\"registration\"><outcome>confirmed</outcome></review>";
    BOOST_REQUIRE(s.engine.complete(s.task(paper, "checkPaper"), "rita", confirmed).ok);
    BOOST_TEST(s.openTasks(paper) == (Nodes{"completeness"}));
}

BOOST_AUTO_TEST_CASE(an_outcome_read_ahead_on_another_thread_completes_its_task_as_if_given_to_the_step) {
    Store s;
    s.deploy("../../workflows/grant-review.bpmn");
    s.engine.grantRole("anna", "handlaggare");
    std::string first = s.registerCase("02-forstudie-minimal.xml");
    std::string second = s.registerCase("02-forstudie-minimal.xml");
    for (const auto& dnr : {first, second}) BOOST_REQUIRE(s.engine.startCase(dnr).ok);
    s.engine.runDueJobs();
    const std::string complete = "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\"><outcome>complete</outcome></review>";
    const std::string broken = "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\"><outcome>maybe</outcome></review>";
    // Read and checked on threads of their own, as a bulk caller does while the writer works.
    auto ahead = [&](const char* form, const std::string& xml) {
        return std::async(std::launch::async, [&s, form, xml] { return s.engine.prepareOutcome(form, xml); });
    };
    std::future<PreparedOutcome> good = ahead("completeness", complete);
    std::future<PreparedOutcome> wrong = ahead("completeness", broken);
    std::future<PreparedOutcome> otherForm = ahead("eligibility", complete);

    Outcome refused = s.engine.complete(s.task(first, "completeness"), "anna", wrong.get());
    BOOST_TEST(refused.code == "outcome-invalid");
    BOOST_TEST(!refused.problems.empty());  // what the schema says of <outcome>maybe</outcome>
    BOOST_TEST(s.openTasks(first) == (Nodes{"completeness"}));  // the refusal did not move the case

    BOOST_REQUIRE(s.engine.complete(s.task(first, "completeness"), "anna", good.get()).ok);
    BOOST_TEST(s.openTasks(first) == (Nodes{"eligibility"}));
    BOOST_TEST(s.store.caseDocument(first).value_or("").find("<outcome>complete</outcome>") != std::string::npos);
    // Checked against another form than the task's, it is checked again against the task's.
    BOOST_REQUIRE(s.engine.complete(s.task(second, "completeness"), "anna", otherForm.get()).ok);
    BOOST_TEST(s.openTasks(second) == (Nodes{"eligibility"}));
}

BOOST_AUTO_TEST_SUITE_END()
