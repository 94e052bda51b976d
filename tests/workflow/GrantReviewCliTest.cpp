// The grant review of workflows/grant-review.bpmn driven down every path through
// the grantflow program, as case officers, decision makers and the worker would.
#include "CliOffice.h"

#include <Poco/UnicodeConverter.h>

using namespace grantflow::test;
using Nodes = std::vector<std::string>;

namespace {

// The day the party was last given to answer by, from the case's newest <communication>.
std::string respondByOf(CliOffice& office, const std::string& dnr) {
    const std::string document = office.caseDocument(dnr);
    const auto at = document.rfind("<respondBy>");
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no communication in " << document);
    return document.substr(at + 11, 10);
}

// The text of the case's letter of `type`, its lines joined by spaces.
std::string letterText(CliOffice& office, const std::string& dnr, const std::string& type) {
    const std::string pdf = office.file(type + "-" + dnr.substr(3) + ".pdf");
    auto written = office.run({"letter", dnr, "--type=" + type, "--out=" + pdf});
    BOOST_REQUIRE_MESSAGE(written.exitCode == 0, written.err);
    std::string text = runProgram("pdftotext", {"-enc", "UTF-8", pdf, "-"}).out;
    for (char& c : text)
        if (c == '\n') c = ' ';
    return text;
}

// A case of the sample started, with its acknowledgement sent: at the completeness check.
std::string atCompleteness(CliOffice& office, const std::string& sample) {
    std::string dnr = office.caseOf(sample);
    BOOST_REQUIRE(office.run({"start", dnr}).exitCode == 0);
    office.work();
    return dnr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(GrantReviewCli)

// A clock left in $GRANTFLOW_NOW (set for a test, then forgotten in a shell) is
// used, and each run says so: it stamps the steps and decides which timers are due.
BOOST_AUTO_TEST_CASE(a_clock_from_the_environment_is_used_and_said_so) {
    CliOffice office;
    std::string dnr = office.caseOf("01-information-bosnia.xml");
    auto started = grantflow::test::runProgram(
        "env", {"GRANTFLOW_NOW=2027-03-01T08:00:00Z", GRANTFLOW_CLI, "start", dnr, "--db=" + office.database()});
    BOOST_REQUIRE_MESSAGE(started.exitCode == 0, started.err);
    BOOST_TEST(contains(started.err, "the clock is $GRANTFLOW_NOW, 2027-03-01T08:00:00Z"), started.err);
    bool stamped = false;
    for (const auto& line : CliOffice::lines(office.history(dnr)))
        stamped = stamped || (line.rfind("2027-03-01T08:00:00Z\t", 0) == 0 && contains(line, "\tworkflow-started\t"));
    BOOST_TEST(stamped, office.history(dnr));
    BOOST_TEST(!contains(office.run({"history", dnr}).err, "GRANTFLOW_NOW"));  // said only when it is so
}

BOOST_AUTO_TEST_CASE(a_small_grant_is_decided_paid_reported_and_closed) {
    CliOffice office;
    std::string dnr = office.caseOf("02-forstudie-minimal.xml");  // 85,000 kr: no senior review
    toDecision(office, dnr, "anna");
    BOOST_TEST(office.tasks(dnr) == Nodes{"decision"});

    auto dora = office.run({"tasks", "--user=dora"});
    BOOST_TEST(contains(dora.out, dnr));
    BOOST_TEST(contains(dora.out, "decision"));
    // The name letters give for dora (31 § FL names who decided), stamped on her outcome.
    auto named = office.run({"roles", "dora", "--name=Dora Lind"});
    BOOST_TEST(named.exitCode == 0);
    BOOST_TEST(contains(named.out, "name: Dora Lind\nbeslutsfattare\n"));
    BOOST_TEST(office.run({"roles", "dora", "--name=Dora\nLind"}).exitCode == 2);
    BOOST_TEST(office.run({"claim", office.task(dnr, "decision"), "--as=dora"}).exitCode == 0);
    BOOST_TEST(office.complete(dnr, "decision", "anna", outcome::decision("bifall", 85000)).exitCode == 1);
    office.mustComplete(dnr, "decision", "dora", outcome::decision("bifall", 85000));
    office.work();  // decision letter, payment
    BOOST_TEST(contains(office.history(dnr), "waiting\tawaitReport"));

    auto report = office.run({"message", dnr, "final-report-received", "--id=report-1", "--as=registrator"});
    BOOST_REQUIRE_MESSAGE(report.exitCode == 0, report.err);
    office.mustComplete(dnr, "reviewReport", "bo", outcome::finalReport(0));
    office.work();  // closing

    std::string history = office.history(dnr);
    BOOST_TEST(contains(history, "workflow-completed\tgrant-review"));
    BOOST_TEST(contains(history, "\tdora\ttask-completed\t"));
    BOOST_TEST(contains(history, "\tanna\ttask-completed\t"));
    std::string document = office.caseDocument(dnr);
    BOOST_TEST(CliOffice::occurrences(document, "<letterRequest") == 2);  // acknowledgement, decision
    BOOST_TEST(CliOffice::occurrences(document, "<paymentOrder") == 1);
    BOOST_TEST(contains(document, "<closed"));
    BOOST_TEST(contains(document, "<outcome>bifall</outcome>"));
    BOOST_TEST(contains(document, "by=\"dora\" byName=\"Dora Lind\""));
    BOOST_TEST(!contains(document, "by=\"anna\" byName="));  // anna has no name: the letter shows her login
    BOOST_TEST(office.tasks(dnr).empty());
}

BOOST_AUTO_TEST_CASE(the_presenting_officer_may_not_decide_four_eyes) {
    CliOffice office;
    std::string dnr = office.caseOf("02-forstudie-minimal.xml");
    toDecision(office, dnr, "anna");  // anna also holds the decision-maker role
    std::string decision = office.task(dnr, "decision");
    auto claim = office.run({"claim", decision, "--as=anna"});
    BOOST_TEST(claim.exitCode == 1);
    BOOST_TEST(contains(claim.err, "four-eyes"));
    auto complete = office.complete(dnr, "decision", "anna", outcome::decision("bifall", 85000));
    BOOST_TEST(complete.exitCode == 1);
    BOOST_TEST(contains(complete.err, "four-eyes"));
    BOOST_TEST(office.tasks(dnr) == Nodes{"decision"});
    // The task list of a user holds only what they may do: dora sees it, anna does not.
    BOOST_TEST(contains(office.run({"tasks", "--user=dora"}).out, decision + "\t"));
    BOOST_TEST(!contains(office.run({"tasks", "--user=anna"}).out, decision + "\t"));
}

BOOST_AUTO_TEST_CASE(a_supplement_arrives_and_the_check_is_done_again) {
    CliOffice office;
    std::string dnr = atCompleteness(office, "01-information-bosnia.xml");
    office.mustComplete(dnr, "completeness", "anna", outcome::completeness(false));
    office.work();  // the request for supplement
    BOOST_TEST(office.tasks(dnr).empty());

    auto wrong = office.run({"message", dnr, "final-report-received", "--id=x-1"});
    BOOST_TEST(wrong.exitCode == 1);
    BOOST_TEST(contains(wrong.err, "waits for no message 'final-report-received'"));
    BOOST_TEST(contains(wrong.err, "supplement-received"));

    std::string payload = office.file("supplement.xml");
    writeFile(payload, "<supplement xmlns=\"urn:grantflow:case:1\"><item>budget specification</item></supplement>");
    // A message cannot pass for the agency's own record.
    std::string forged = office.file("forged.xml");
    writeFile(forged, "<decision xmlns=\"urn:grantflow:case:1\"><outcome>bifall</outcome></decision>");
    auto refused = office.run({"message", dnr, "supplement-received", "--id=mail-76", "--payload=" + forged});
    BOOST_TEST(refused.exitCode == 1);
    BOOST_TEST(contains(refused.err, "cannot bring <decision>"), refused.err);
    // The id goes into the tab-separated history: one with a tab in it would split its line.
    auto tabbed = office.run({"message", dnr, "supplement-received", "--id=mail\t77"});
    BOOST_TEST(tabbed.exitCode == 1);
    BOOST_TEST(contains(tabbed.err, "control character"), tabbed.err);
    auto received = office.run({"message", dnr, "supplement-received", "--id=mail-77", "--payload=" + payload});
    BOOST_REQUIRE_MESSAGE(received.exitCode == 0, received.err);
    BOOST_TEST(office.tasks(dnr) == Nodes{"completeness"});
    auto again = office.run({"message", dnr, "supplement-received", "--id=mail-77"});
    BOOST_TEST(again.exitCode == 0);
    BOOST_TEST(contains(again.out, "already taken"));
    BOOST_TEST(office.tasks(dnr) == Nodes{"completeness"});
    BOOST_TEST(contains(office.caseDocument(dnr), "budget specification</item></supplement>"));

    // The id again for another case is another message: "already taken" would drop it.
    std::string other = atCompleteness(office, "02-forstudie-minimal.xml");
    auto reused = office.run({"message", other, "application-withdrawn", "--id=mail-77"});
    BOOST_TEST(reused.exitCode == 1);
    BOOST_TEST(contains(reused.err, "taken at"), reused.err);
    BOOST_TEST(contains(reused.err, "by case " + dnr + " as 'supplement-received'"), reused.err);
    BOOST_TEST(office.tasks(other) == Nodes{"completeness"});
    BOOST_TEST(office.run({"message", other, "application-withdrawn", "--id=mail-78"}).exitCode == 0);
    BOOST_TEST(office.tasks(other).empty());

    office.mustComplete(dnr, "completeness", "bo", outcome::completeness(true));
    BOOST_TEST(office.tasks(dnr) == Nodes{"eligibility"});
    BOOST_TEST(CliOffice::occurrences(office.caseDocument(dnr), "step=\"completeness\"") == 1);
}

BOOST_AUTO_TEST_CASE(when_the_supplement_deadline_passes_the_case_goes_on_to_a_decision) {
    CliOffice office;
    std::string dnr = atCompleteness(office, "04-kommun-english.xml");
    office.mustComplete(dnr, "completeness", "anna", outcome::completeness(false));
    office.work();
    // Ten working days from Friday 27 November 2026 end on Friday 11 December.
    office.now = "2026-12-11T08:59:00Z";
    office.work();
    BOOST_TEST(office.tasks(dnr).empty());
    office.now = "2026-12-11T09:00:00Z";
    office.work();
    BOOST_TEST(office.tasks(dnr) == Nodes{"eligibility"});
    BOOST_TEST(contains(office.history(dnr), "timer-fired\tsupplementDeadline"));
    auto late = office.run({"message", dnr, "supplement-received", "--id=too-late"});
    BOOST_TEST(late.exitCode == 1);

    office.mustComplete(dnr, "eligibility", "anna", outcome::eligibility(false));
    // Not eligible goes against the party: it is told so and may answer first (25 § FL).
    office.work();
    BOOST_TEST(office.tasks(dnr).empty());
    const std::string respondBy = respondByOf(office, dnr);
    office.now = respondBy + "T08:59:00Z";
    office.work();
    BOOST_TEST(office.tasks(dnr).empty());
    office.now = respondBy + "T09:00:00Z";  // ten working days after it was sent, to the minute
    office.work();
    BOOST_TEST(office.tasks(dnr) == Nodes{"decision"});
    BOOST_TEST(contains(office.history(dnr), "timer-fired\tresponseDeadline"));
    BOOST_TEST(office.run({"message", dnr, "party-response-received", "--id=late-answer"}).exitCode == 1);
    office.mustComplete(dnr, "decision", "dora", outcome::decision("avslag", 0));
    office.work();
    BOOST_TEST(!contains(office.run({"granted"}).out, dnr));  // refused: not a granted project
    std::string document = office.caseDocument(dnr);
    BOOST_TEST(CliOffice::occurrences(document, "<letterRequest") == 4);  // receipt, supplement, communication, decision
    BOOST_TEST(!contains(document, "<paymentOrder"));
    BOOST_TEST(contains(office.history(dnr), "workflow-completed"));
}

BOOST_AUTO_TEST_CASE(a_large_application_gets_a_senior_review_and_a_late_report_a_reminder) {
    CliOffice office;
    std::string dnr = atCompleteness(office, "03-reintegration-large.xml");  // 1,300,000 kr
    office.mustComplete(dnr, "completeness", "bo", outcome::completeness(true));
    office.mustComplete(dnr, "eligibility", "bo", outcome::eligibility(true));
    office.mustComplete(dnr, "assessment", "anna", outcome::assessment("delvis-bifall", 900000));
    BOOST_TEST(office.tasks(dnr) == Nodes{"seniorReview"});
    BOOST_TEST(office.complete(dnr, "seniorReview", "anna", outcome::senior(true)).exitCode == 1);  // four-eyes
    office.mustComplete(dnr, "seniorReview", "bo", outcome::senior(false));
    BOOST_TEST(office.tasks(dnr) == Nodes{"assessment"});
    office.mustComplete(dnr, "assessment", "anna", outcome::assessment("delvis-bifall", 850000));
    office.mustComplete(dnr, "seniorReview", "bo", outcome::senior(true));
    // Part of the money only: the party is told of the proposal and answers (25 § FL).
    office.work();
    BOOST_TEST(office.tasks(dnr).empty());
    const std::string text = letterText(office, dnr, "communication");
    BOOST_TEST(contains(text, "Förslaget är att ansökan beviljas delvis, med 850 000 kr av sökta 1 300 000 kr."), text);
    BOOST_TEST(contains(text, "senast " + std::string("11 december 2026")), text);
    BOOST_REQUIRE(office.run({"message", dnr, "party-response-received", "--id=answer-1"}).exitCode == 0);
    office.mustComplete(dnr, "decision", "dora", outcome::decision("delvis-bifall", 850000));
    office.work();
    // The register of granted projects has it, with the amount granted, not the one applied for.
    auto granted = office.run({"granted", "--search=802500-3313"});
    BOOST_TEST(contains(granted.out, dnr + "\t2026-11-27\tdelvis-bifall\t850000\tawaitReport\t802500-3313\t"),
               granted.out);
    BOOST_TEST(contains(granted.err, "1 project(s), 850000 kr granted"), granted.err);

    office.now = "2028-10-29T23:59:59Z";  // the project ends 2028-08-31; the report is due 60 days later
    office.work();
    BOOST_TEST(CliOffice::occurrences(office.caseDocument(dnr), "kind=\"reportReminder\"") == 0);
    office.now = "2028-10-30T00:00:00Z";
    office.work();
    BOOST_TEST(CliOffice::occurrences(office.caseDocument(dnr), "kind=\"reportReminder\"") == 1);
    BOOST_REQUIRE(office.run({"message", dnr, "final-report-received", "--id=report-late"}).exitCode == 0);
    office.mustComplete(dnr, "reviewReport", "bo", outcome::finalReport(50000));
    BOOST_TEST(office.complete(dnr, "repayment", "bo", outcome::repayment(50000)).exitCode == 1);  // not ekonomi
    office.mustComplete(dnr, "repayment", "erik", outcome::repayment(50000));
    office.work();
    BOOST_TEST(contains(office.history(dnr), "workflow-completed"));
}

BOOST_AUTO_TEST_CASE(an_assessment_left_too_long_gets_a_reminder_and_stays_open) {
    CliOffice office;
    std::string dnr = atCompleteness(office, "02-forstudie-minimal.xml");
    office.mustComplete(dnr, "completeness", "anna", outcome::completeness(true));
    office.mustComplete(dnr, "eligibility", "anna", outcome::eligibility(true));
    office.now = "2027-01-31T09:00:00Z";
    office.work();
    BOOST_TEST(office.tasks(dnr) == Nodes{"assessment"});
    BOOST_TEST(contains(office.history(dnr), "timer-fired\tassessmentReminder"));
}

BOOST_AUTO_TEST_CASE(an_outcome_that_breaks_its_schema_is_refused_with_its_line) {
    CliOffice office;
    std::string dnr = atCompleteness(office, "02-forstudie-minimal.xml");
    auto refused = office.complete(dnr, "completeness", "anna",
                                   "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\">\n"
                                   "  <outcome>perhaps</outcome>\n</review>");
    BOOST_TEST(refused.exitCode == 1);
    BOOST_TEST(contains(refused.err, ".xml:2:"));
    BOOST_TEST(contains(refused.err, "schemas/outcomes/completeness.xsd"));
    auto withoutOutcome = office.complete(dnr, "completeness", "anna", "");
    BOOST_TEST(withoutOutcome.exitCode == 1);
    BOOST_TEST(office.tasks(dnr) == Nodes{"completeness"});
}

// A grant without an amount, or a refusal with one, passed the schema and reached
// the decision letter.
BOOST_AUTO_TEST_CASE(a_decision_whose_amount_does_not_fit_its_outcome_is_refused) {
    CliOffice office;
    std::string dnr = office.caseOf("02-forstudie-minimal.xml");
    toDecision(office, dnr, "anna");
    office.mustRefuse(dnr, "decision", "dora", outcome::decision("bifall", 0),
                      "/decision/amount: a grant (bifall or delvis-bifall) states the amount granted");
    office.mustRefuse(dnr, "decision", "dora", outcome::decision("avslag", 5000), "only a grant has an amount");
    BOOST_TEST(office.tasks(dnr) == Nodes{"decision"});
    office.mustComplete(dnr, "decision", "dora", outcome::decision("bifall", 85000));
}

// 25 § FL: the proposal was bifall, so the party was never heard; a decision maker who
// means to refuse has the party told first, and decides when the party has answered.
BOOST_AUTO_TEST_CASE(a_decision_against_a_proposal_of_bifall_waits_until_the_party_is_heard) {
    CliOffice office;
    std::string dnr = office.caseOf("02-forstudie-minimal.xml");
    toDecision(office, dnr, "anna");
    office.mustRefuse(dnr, "decision", "dora", outcome::decision("avslag", 0),
                      "/decision/outcome: the proposal was bifall and the party has not been heard");
    BOOST_TEST(office.tasks(dnr) == Nodes{"decision"});
    BOOST_TEST(!contains(office.caseDocument(dnr), "<decision"), "a refused decision leaves nothing behind");

    const std::string considered = "<decision xmlns=\"urn:grantflow:case:1\"><outcome>kommunicera</outcome>";
    const std::string reasons = "<reasons><p>Projektet saknar förankring hos målgruppen.</p></reasons></decision>";
    office.mustRefuse(dnr, "decision", "dora", considered + reasons, "/decision/intended");
    office.mustComplete(dnr, "decision", "dora", considered + "<intended>avslag</intended>" + reasons);
    office.work();
    BOOST_TEST(office.tasks(dnr).empty());
    BOOST_TEST(!contains(office.run({"granted"}).out, dnr));
    const std::string text = letterText(office, dnr, "communication");
    BOOST_TEST(contains(text, "men beslutsfattaren överväger att avslå den."), text);
    BOOST_TEST(contains(text, "Beslutsfattarens skäl: Projektet saknar förankring hos målgruppen."), text);
    BOOST_TEST(!contains(text, "Handläggarens skäl"), text);

    BOOST_REQUIRE(office.run({"message", dnr, "party-response-received", "--id=answer-1"}).exitCode == 0);
    BOOST_TEST(office.tasks(dnr) == Nodes{"decision"});
    office.mustComplete(dnr, "decision", "dora", outcome::decision("avslag", 0));
    office.work();
    const std::string document = office.caseDocument(dnr);
    BOOST_TEST(CliOffice::occurrences(document, "<decision ") == 1);
    BOOST_TEST(contains(document, "<outcome>avslag</outcome>"));
    BOOST_TEST(contains(document, "name=\"refusal-GF-"), document);  // the decision letter is a refusal
    const std::string history = office.history(dnr);
    BOOST_TEST(CliOffice::occurrences(history, "gateway-passed\thearingFirst") == 2, history);
}

// A party may withdraw the application at any time before the decision: the task or
// wait it was at ends, and the decision maker writes the case off (avskrivning).
BOOST_AUTO_TEST_CASE(an_application_withdrawn_before_its_decision_is_written_off) {
    CliOffice office;
    std::string dnr = atCompleteness(office, "02-forstudie-minimal.xml");
    office.mustComplete(dnr, "completeness", "anna", outcome::completeness(true));
    BOOST_TEST(office.tasks(dnr) == Nodes{"eligibility"});
    auto withdrawn = office.run({"message", dnr, "application-withdrawn", "--id=mail-withdrawal-1"});
    BOOST_REQUIRE_MESSAGE(withdrawn.exitCode == 0, withdrawn.err);
    BOOST_TEST(contains(withdrawn.out, "withdrawnAtEligibility"), withdrawn.out);
    BOOST_TEST(office.tasks(dnr).empty(), "the eligibility task ends with the withdrawal");
    office.work();  // the withdrawal is recorded in the case
    BOOST_TEST(office.tasks(dnr) == Nodes{"decision"});
    const std::string waiting = office.history(dnr);
    BOOST_TEST(contains(waiting, "task-cancelled"), waiting);
    BOOST_TEST(!contains(waiting, "communicate"), "a withdrawal goes against no one: nothing to communicate");
    BOOST_TEST(office.run({"message", dnr, "application-withdrawn", "--id=mail-withdrawal-1"}).exitCode == 0);
    BOOST_TEST(office.tasks(dnr) == Nodes{"decision"}, "the same message again is taken once");

    office.mustComplete(dnr, "decision", "dora", outcome::decision("avskrivning", 0));
    office.work();  // the write-off letter, closing
    const std::string text = letterText(office, dnr, "write-off");
    BOOST_TEST(contains(text, "Ni har återkallat ansökan."), text);
    BOOST_TEST(contains(text, "Migrationsverket avskriver ärendet"), text);
    BOOST_TEST(contains(text, "Beslutet har fattats av dora. Föredragande har varit anna."), text);
    const std::string document = office.caseDocument(dnr);
    BOOST_TEST(!contains(document, "<paymentOrder"));
    BOOST_TEST(!contains(office.run({"granted"}).out, dnr));
    BOOST_TEST(contains(office.history(dnr), "workflow-completed"));
    auto closed = office.run({"message", dnr, "application-withdrawn", "--id=mail-withdrawal-2"});
    BOOST_TEST(closed.exitCode == 1);
    BOOST_TEST(contains(closed.err, "waits for no message 'application-withdrawn'"), closed.err);
}

// Withdrawn while the decision task is open: the task stays (a decision maker may be
// at work on it), the withdrawal is recorded beside it, and the case is written off.
BOOST_AUTO_TEST_CASE(an_application_withdrawn_at_its_decision_task_leaves_the_task_to_the_decision_maker) {
    CliOffice office;
    std::string dnr = office.caseOf("02-forstudie-minimal.xml");
    toDecision(office, dnr, "anna");
    const std::string decision = office.task(dnr, "decision");
    BOOST_REQUIRE(office.run({"message", dnr, "application-withdrawn", "--id=withdrawal-9"}).exitCode == 0);
    office.work();  // the withdrawal is recorded
    BOOST_TEST(office.tasks(dnr) == Nodes{"decision"});
    BOOST_TEST(office.task(dnr, "decision") == decision, "the same task, not a new one");
    BOOST_TEST(contains(office.caseDocument(dnr), "kind=\"recordWithdrawalAtDecision\""));
    office.mustComplete(dnr, "decision", "dora", outcome::decision("avskrivning", 0));
    office.work();
    BOOST_TEST(contains(letterText(office, dnr, "write-off"), "Ni har återkallat ansökan."));
    BOOST_TEST(contains(office.history(dnr), "workflow-completed"));
}

// Withdrawn while the agency waits for a supplement: the wait ends, its deadline with it.
// Withdrawn before anyone reviewed it: nobody presented the case, and the letter names
// the decision maker alone.
BOOST_AUTO_TEST_CASE(a_withdrawal_ends_a_wait_and_one_before_any_review_has_no_presenting_officer) {
    CliOffice office;
    std::string waiting = atCompleteness(office, "01-information-bosnia.xml");
    auto refused = office.run({"message", waiting, "party-response-received", "--id=not-now"});
    BOOST_TEST(refused.exitCode == 1);
    BOOST_TEST(contains(refused.err, "completeness (userTask or message 'application-withdrawn')"), refused.err);
    office.mustComplete(waiting, "completeness", "anna", outcome::completeness(false));
    office.work();  // the request for supplement
    BOOST_TEST(office.tasks(waiting).empty());
    BOOST_REQUIRE(office.run({"message", waiting, "application-withdrawn", "--id=withdrawal-7"}).exitCode == 0);
    office.work();
    BOOST_TEST(office.tasks(waiting) == Nodes{"decision"});
    office.now = "2026-12-31T09:00:00Z";  // past the supplement deadline: its timer went with the wait
    office.work();
    BOOST_TEST(!contains(office.history(waiting), "timer-fired\tsupplementDeadline"));
    office.mustComplete(waiting, "decision", "dora", outcome::decision("avskrivning", 0));
    office.work();
    BOOST_TEST(contains(letterText(office, waiting, "write-off"), "Föredragande har varit anna."));

    std::string unread = atCompleteness(office, "03-reintegration-large.xml");
    BOOST_REQUIRE(office.run({"message", unread, "application-withdrawn", "--id=withdrawal-8"}).exitCode == 0);
    office.work();
    office.mustComplete(unread, "decision", "dora", outcome::decision("avskrivning", 0));
    office.work();
    const std::string text = letterText(office, unread, "write-off");
    BOOST_TEST(contains(text, "Ni har återkallat ansökan."), text);
    BOOST_TEST(contains(text, "Beslutet har fattats av dora."), text);
    BOOST_TEST(!contains(text, "Föredragande"), text);
}

// Heard on a proposal of part of the money, then again when the decision maker means
// to refuse: both hearings stay in the case, and the second letter gives its own dates.
BOOST_AUTO_TEST_CASE(a_party_heard_twice_keeps_both_hearings_in_the_case) {
    CliOffice office;
    std::string dnr = atCompleteness(office, "03-reintegration-large.xml");
    office.mustComplete(dnr, "completeness", "bo", outcome::completeness(true));
    office.mustComplete(dnr, "eligibility", "bo", outcome::eligibility(true));
    office.mustComplete(dnr, "assessment", "anna", outcome::assessment("delvis-bifall", 850000));
    office.mustComplete(dnr, "seniorReview", "bo", outcome::senior(true));
    office.work();  // the first communication
    const std::string firstRespondBy = respondByOf(office, dnr);
    BOOST_REQUIRE(office.run({"message", dnr, "party-response-received", "--id=answer-1"}).exitCode == 0);
    office.now = "2026-12-14T09:00:00Z";
    office.mustComplete(dnr, "decision", "dora",
                        "<decision xmlns=\"urn:grantflow:case:1\"><outcome>kommunicera</outcome><intended>avslag"
                        "</intended><reasons><p>Budgeten saknar täckning.</p></reasons></decision>");
    office.work();  // the second communication
    const std::string document = office.caseDocument(dnr);
    BOOST_TEST(CliOffice::occurrences(document, "<communication>") == 2, document);
    BOOST_TEST(contains(document, "<respondBy>" + firstRespondBy + "</respondBy>"), "the first hearing is kept");
    BOOST_TEST(respondByOf(office, dnr) > firstRespondBy);
    const std::string text = letterText(office, dnr, "communication");
    BOOST_TEST(contains(text, "överväger att avslå den."), text);
    BOOST_TEST(contains(text, "14 december 2026"), text);
    BOOST_TEST(!contains(text, "senast 11 december 2026"), text);
    BOOST_REQUIRE(office.run({"message", dnr, "party-response-received", "--id=answer-2"}).exitCode == 0);
    office.mustComplete(dnr, "decision", "dora", outcome::decision("avslag", 0));
    office.work();
    BOOST_TEST(CliOffice::occurrences(office.history(dnr), "service-done\tcommunicate") == 2);
}

// The party is told the amount proposed before the decision (25 § FL): a proposal to
// grant part of the money that names no amount could not be told, and is refused.
BOOST_AUTO_TEST_CASE(a_partial_grant_proposed_without_its_amount_is_refused) {
    CliOffice office;
    std::string dnr = atCompleteness(office, "02-forstudie-minimal.xml");
    office.mustComplete(dnr, "completeness", "anna", outcome::completeness(true));
    office.mustComplete(dnr, "eligibility", "anna", outcome::eligibility(true));
    office.mustRefuse(dnr, "assessment", "anna", outcome::assessment("delvis-bifall", 0),
                      "/review/proposedAmount: a recommendation of delvis-bifall proposes the amount");
    office.mustComplete(dnr, "assessment", "anna", outcome::assessment("delvis-bifall", 60000));
}

// "incomplete" with nothing missing passed the schema, and the request for
// supplement then failed for good: it had nothing to list (a rule in the schema's
// annotation, which XSD 1.0 itself cannot say).
BOOST_AUTO_TEST_CASE(an_incomplete_outcome_that_names_nothing_missing_is_refused) {
    CliOffice office;
    std::string dnr = atCompleteness(office, "02-forstudie-minimal.xml");
    office.mustRefuse(dnr, "completeness", "anna",
                      "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\"><outcome>incomplete</outcome></review>",
                      "/review/missing: an incomplete application needs at least one missing/item");
    BOOST_TEST(office.tasks(dnr) == Nodes{"completeness"});
    auto taken = office.complete(dnr, "completeness", "anna",
                                 "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\">"
                                 "<outcome>incomplete</outcome><missing><item>Budget</item></missing></review>");
    BOOST_TEST(taken.exitCode == 0, taken.err);
}

BOOST_AUTO_TEST_CASE(a_redeploy_leaves_running_cases_on_their_version) {
    CliOffice office;
    std::string oldCase = office.caseOf("01-information-bosnia.xml");
    std::string newCase = office.caseOf("02-forstudie-minimal.xml");
    BOOST_REQUIRE(office.run({"start", oldCase}).exitCode == 0);
    office.work();

    std::string changed = readFile(sourcePath("workflows/grant-review.bpmn"));
    std::string from = "name=\"Kompletthetskontroll\"";
    changed.replace(changed.find(from), from.size(), "name=\"Kompletthetskontroll (ny)\"");
    writeFile(office.file("grant-review-v2.bpmn"), changed);
    auto deployed = office.run({"deploy", office.file("grant-review-v2.bpmn")});
    BOOST_REQUIRE_MESSAGE(deployed.exitCode == 0, deployed.err);
    BOOST_TEST(contains(deployed.out, "grant-review\tversion 2\tdeployed"));
    BOOST_TEST(contains(office.run({"workflows"}).out, "grant-review\t1\t"));

    BOOST_REQUIRE(office.run({"start", newCase}).exitCode == 0);
    office.work();
    std::string oldVersion, newVersion;
    office.task(oldCase, "completeness", &oldVersion);
    office.task(newCase, "completeness", &newVersion);
    BOOST_TEST(oldVersion == "grant-review:1");
    BOOST_TEST(newVersion == "grant-review:2");
    office.mustComplete(oldCase, "completeness", "anna", outcome::completeness(true));
    BOOST_TEST(office.tasks(oldCase) == Nodes{"eligibility"});
    auto same = office.run({"deploy", office.file("grant-review-v2.bpmn")});
    BOOST_TEST(contains(same.out, "version 2\tunchanged"));
}

BOOST_AUTO_TEST_CASE(a_refused_file_deploys_nothing) {
    CliOffice office;
    auto refused = office.run({"deploy", dataPath("bpmn/refused/unreachable-task.bpmn")});
    BOOST_TEST(refused.exitCode == 1);
    BOOST_TEST(contains(refused.err, "unreachable-task.bpmn:6: userTask id=\"orphan\": no path from the start event"));
    BOOST_TEST(!contains(office.run({"workflows"}).out, "\np\t"));
    BOOST_TEST(office.run({"deploy"}).exitCode == 2);
    // Files deployed together go in together: the good one was kept before.
    auto together = office.run({"deploy", dataPath("bpmn/runnable/parallel.bpmn"),
                                dataPath("bpmn/refused/unreachable-task.bpmn")});
    BOOST_TEST(together.exitCode == 1);
    BOOST_TEST(contains(together.err, "nothing deployed: the files go in together or not at all"), together.err);
    BOOST_TEST(!contains(office.run({"workflows"}).out, "parallel"));
}

// A task offered to named people, in BPMN's own words: the task list says who they
// are, and only they may do it.
BOOST_AUTO_TEST_CASE(a_task_offered_to_named_people_lists_them_and_is_theirs_alone) {
    CliOffice office;
    writeFile(office.file("second-opinion.bpmn"),
              R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:test">
  <process id="second-opinion" isExecutable="true">
    <startEvent id="s"/>
    <userTask id="opinion" name="Second opinion">
      <potentialOwner><resourceAssignmentExpression>
        <formalExpression>user(dora), user(bo)</formalExpression>
      </resourceAssignmentExpression></potentialOwner>
    </userTask>
    <userTask id="confirm" name="Confirm">
      <potentialOwner><resourceAssignmentExpression>
        <formalExpression>user(dora)</formalExpression>
      </resourceAssignmentExpression></potentialOwner>
      <humanPerformer><resourceAssignmentExpression>
        <formalExpression>bo</formalExpression>
      </resourceAssignmentExpression></humanPerformer>
    </userTask>
    <endEvent id="e"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="opinion"/>
    <sequenceFlow id="f2" sourceRef="opinion" targetRef="confirm"/>
    <sequenceFlow id="f3" sourceRef="confirm" targetRef="e"/>
  </process>
</definitions>)");
    BOOST_REQUIRE(office.run({"deploy", office.file("second-opinion.bpmn")}).exitCode == 0);
    const std::string dnr = office.caseOf("02-forstudie-minimal.xml");
    BOOST_REQUIRE(office.run({"start", dnr, "--process=second-opinion"}).exitCode == 0);
    // id, case, process, task, name, assignee, roles, form, due, users
    const std::string listed = office.run({"tasks", "--user=dora"}).out;
    BOOST_TEST(contains(listed, "\tsecond-opinion:1\topinion\tSecond opinion\t-\t-\t-\t-\tdora bo\n"), listed);
    BOOST_TEST(!contains(office.run({"tasks", "--user=anna"}).out, "opinion"));
    auto refused = office.complete(dnr, "opinion", "anna", "");
    BOOST_TEST(refused.exitCode == 1);
    BOOST_TEST(contains(refused.err, "anna is not one of the people it is for (dora bo)"), refused.err);
    BOOST_TEST(office.complete(dnr, "opinion", "bo", "").exitCode == 0);
    // The history names everyone a task is for.
    const std::string history = office.history(dnr);
    BOOST_TEST(contains(history, ": opinion 'Second opinion' for dora bo\n"), history);
    BOOST_TEST(contains(history, ": confirm 'Confirm' for dora bo\n"), history);
}

// Modelers save UTF-8, but an editor may save UTF-16 (or Latin-1): the file is kept
// as UTF-8 text, so cases start on it and its names read back as drawn.
BOOST_AUTO_TEST_CASE(a_file_saved_in_utf_16_deploys_and_runs) {
    CliOffice office;
    const std::string bpmn = R"(<?xml version="1.0" encoding="UTF-16"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="urn:test">
  <process id="utf16" isExecutable="true">
    <startEvent id="s"/>
    <userTask id="t" name="Bedömning på svenska" camunda:candidateGroups="handlaggare"/>
    <endEvent id="e"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
  </process>
</definitions>)";
    Poco::UTF16String wide;
    Poco::UnicodeConverter::convert(bpmn, wide);
    std::string bytes = "\xff\xfe";  // little-endian, with its byte-order mark
    for (Poco::UTF16Char unit : wide) {
        bytes.push_back(static_cast<char>(unit & 0xff));
        bytes.push_back(static_cast<char>(unit >> 8));
    }
    writeFile(office.file("utf16.bpmn"), bytes);
    auto deployed = office.run({"deploy", office.file("utf16.bpmn")});
    BOOST_REQUIRE_MESSAGE(deployed.exitCode == 0, deployed.err);
    BOOST_TEST(contains(office.run({"deploy", office.file("utf16.bpmn")}).out, "unchanged"));
    const std::string dnr = office.caseOf("02-forstudie-minimal.xml");
    auto started = office.run({"start", dnr, "--process=utf16"});
    BOOST_REQUIRE_MESSAGE(started.exitCode == 0, started.err);
    BOOST_TEST(contains(office.run({"tasks", "--case=" + dnr}).out, "\tt\tBedömning på svenska\t"));
}

BOOST_AUTO_TEST_CASE(every_workflow_verb_explains_itself_and_refuses_bad_usage) {
    for (const char* verb : {"deploy", "workflows", "start", "tasks", "claim", "complete", "message", "work",
                             "incidents", "history", "roles", "retention", "bench-workflow"}) {
        auto help = runCli({verb, "--help"});
        BOOST_TEST(help.exitCode == 0, verb);
        BOOST_TEST(contains(help.out, std::string("grantflow ") + verb), verb);
    }
    CliOffice office;
    BOOST_TEST(office.run({"claim", "not-a-number"}).exitCode == 2);
    // Task numbers are what grantflow tasks prints: a sign or a space is a typo, not task 2.
    for (const char* typo : {"+2", " 2", "2 ", "0x2", ""}) {
        BOOST_TEST(office.run({"claim", typo, "--as=anna"}).exitCode == 2, typo);
        BOOST_TEST(office.run({"complete", typo, "--as=anna"}).exitCode == 2, typo);
    }
    BOOST_TEST(office.run({"message", office.caseOf("01-information-bosnia.xml"), "x"}).exitCode == 2);  // no --id
    BOOST_TEST(office.run({"claim", "4711", "--as=anna"}).exitCode == 1);
    BOOST_TEST(office.run({"incidents", "--retry=4711"}).exitCode == 1);
    BOOST_TEST(office.run({"start", "GF 2026-999999"}).exitCode == 1);
    BOOST_TEST(office.run({"history", "GF 2026-999999"}).exitCode == 1);
    BOOST_TEST(office.run({"work", "--now=yesterday"}).exitCode == 2);
}

BOOST_AUTO_TEST_SUITE_END()
