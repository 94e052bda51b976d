// The eight-stage individual return plan (workflows/return-plan.bpmn), deployed
// and run with no code of its own: the proof that the steps are configuration.
#include "CliOffice.h"

using namespace grantflow::test;
using Nodes = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(ReturnPlanCli)

BOOST_AUTO_TEST_CASE(a_plan_goes_through_all_eight_stages) {
    CliOffice office;
    std::string dnr = office.caseOf("01-information-bosnia.xml");
    auto started = office.run({"start", dnr, "--process=return-plan"});
    BOOST_REQUIRE_MESSAGE(started.exitCode == 0, started.err);
    for (int n = 1; n <= 8; ++n) {
        BOOST_TEST(office.tasks(dnr) == Nodes{"stage" + std::to_string(n)});
        office.mustComplete(dnr, "stage" + std::to_string(n), "bo", outcome::stage(n, "done"));
        office.work();  // after stage 6 the arrival is noted
    }
    std::string history = office.history(dnr);
    BOOST_TEST(contains(history, "workflow-completed\treturn-plan"));
    BOOST_TEST(contains(history, "end-reached\tcompleted"));
    BOOST_TEST(contains(office.caseDocument(dnr), "kind=\"noteArrival\""));
}

BOOST_AUTO_TEST_CASE(a_person_may_pause_and_then_stop_the_decision_stays_theirs) {
    CliOffice office;
    std::string dnr = office.caseOf("02-forstudie-minimal.xml");
    BOOST_REQUIRE(office.run({"start", dnr, "--process=return-plan"}).exitCode == 0);
    office.mustComplete(dnr, "stage1", "bo", outcome::stage(1, "done"));
    office.mustComplete(dnr, "stage2", "bo", outcome::stage(2, "done"));
    office.mustComplete(dnr, "stage3", "bo", outcome::stage(3, "paused"));
    BOOST_TEST(office.tasks(dnr).empty());
    office.now = "2026-12-27T09:00:00Z";  // one month on
    office.work();
    BOOST_TEST(office.tasks(dnr) == Nodes{"stage3"});
    office.mustComplete(dnr, "stage3", "bo", outcome::stage(3, "stopped"));
    BOOST_TEST(office.tasks(dnr).empty());
    std::string history = office.history(dnr);
    BOOST_TEST(contains(history, "end-reached\tstopped"));
    BOOST_TEST(contains(history, "workflow-completed\treturn-plan"));

    auto kept = office.run({"retention", "--keep=P1D"});
    BOOST_TEST(contains(kept.out, "0 finished workflow(s)"));
    office.now = "2026-12-29T09:00:00Z";
    auto purged = office.run({"retention", "--keep=P1D"});
    BOOST_TEST(contains(purged.out, "1 finished workflow(s)"));
    BOOST_TEST(office.history(dnr) == history);  // the event log is kept
}

BOOST_AUTO_TEST_CASE(the_grant_review_and_a_return_plan_run_side_by_side_on_one_case) {
    CliOffice office;
    std::string dnr = office.caseOf("02-forstudie-minimal.xml");
    BOOST_REQUIRE(office.run({"start", dnr}).exitCode == 0);
    BOOST_REQUIRE(office.run({"start", dnr, "--process=return-plan"}).exitCode == 0);
    office.work();
    BOOST_TEST(office.tasks(dnr) == (Nodes{"completeness", "stage1"}));
}

BOOST_AUTO_TEST_SUITE_END()
