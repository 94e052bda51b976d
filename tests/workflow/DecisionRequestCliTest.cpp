// 12 § förvaltningslagen through the grantflow program: a party whose case is six
// months old and undecided asks for a decision; the agency decides within four
// weeks, or refuses the request, and grantflow deadlines shows what is due.
#include "CliOffice.h"

#include <grantflow/CaseStore.h>
#include <grantflow/workflow/IsoTime.h>

using namespace grantflow::test;
using namespace grantflow::workflow;

namespace {

// Registration happens at the real time; the test clock is set relative to it.
Instant registeredAt(CliOffice& office, const std::string& dnr) {
    for (const auto& line : CliOffice::lines(office.run({"cases"}).out))
        if (CliOffice::field(line, 0) == dnr) return parseIsoInstant(CliOffice::field(line, 2)).value();
    BOOST_FAIL("no case " << dnr);
    return 0;
}

Instant monthsAfter(Instant from, int months, int days = 0) {
    IsoDuration d;
    d.months = months;
    d.days = days;
    return addCalendar(from, d);
}

std::string day(Instant at) { return formatInstant(at).substr(0, 10); }

}  // namespace

BOOST_AUTO_TEST_SUITE(DecisionRequestCli)

BOOST_AUTO_TEST_CASE(a_request_after_six_months_is_due_in_four_weeks_and_answered_by_the_decision) {
    CliOffice office;
    const std::string dnr = office.caseOf("02-forstudie-minimal.xml");
    const Instant registered = registeredAt(office, dnr);

    office.now = formatInstant(monthsAfter(registered, 5));
    auto early = office.run({"request-decision", dnr});
    BOOST_TEST(early.exitCode == 1);
    BOOST_TEST(contains(early.err, "may ask for a decision from " + day(monthsAfter(registered, 6))), early.err);
    BOOST_TEST(!contains(office.run({"deadlines"}).out, dnr));

    office.now = formatInstant(monthsAfter(registered, 6, 1));
    BOOST_TEST(contains(office.run({"deadlines"}).out, dnr + "\tmay-request-decision\t" + day(monthsAfter(registered, 6))));
    const Instant received = monthsAfter(registered, 6, 1);
    auto asked = office.run({"request-decision", dnr, "--as=rita"});
    BOOST_REQUIRE_MESSAGE(asked.exitCode == 0, asked.err);
    const std::string due = day(received + 28 * 24 * 3600);
    BOOST_TEST(contains(asked.out, "by " + due));
    BOOST_TEST(office.run({"request-decision", dnr}).exitCode == 1);  // one open request at a time
    BOOST_TEST(contains(office.run({"deadlines"}).out, dnr + "\tdecision-requested\t" + day(received) + "\t" + due + "\n"));

    office.now = formatInstant(monthsAfter(registered, 8));
    BOOST_TEST(contains(office.run({"deadlines"}).out, due + "\tOVERDUE"));

    // Deciding the case answers the request; a decided case has nothing left to ask for.
    toDecision(office, dnr, "anna");
    office.mustComplete(dnr, "decision", "dora", outcome::decision("bifall", 85000));
    BOOST_TEST(!contains(office.run({"deadlines"}).out, dnr));
    BOOST_TEST(contains(office.history(dnr), "decision-request-answered\tdecided after the four weeks of 12 § (due " + due + ")"));
    auto decided = office.run({"request-decision", dnr});
    BOOST_TEST(decided.exitCode == 1);
    BOOST_TEST(contains(decided.err, "was decided on"), decided.err);
}

BOOST_AUTO_TEST_CASE(a_refused_request_is_recorded_and_the_party_may_ask_again) {
    CliOffice office;
    const std::string dnr = office.caseOf("01-information-bosnia.xml");
    BOOST_REQUIRE(office.run({"roles", "dora", "--name=Dora Lind"}).exitCode == 0);
    office.now = formatInstant(monthsAfter(registeredAt(office, dnr), 7));
    BOOST_TEST(office.run({"request-decision", dnr, "--refuse=no request"}).exitCode == 1);  // none is open
    BOOST_REQUIRE(office.run({"request-decision", dnr, "--as=rita"}).exitCode == 0);
    BOOST_TEST(office.run({"request-decision", dnr, "--refuse="}).exitCode == 2);  // reasons are required
    auto refused = office.run({"request-decision", dnr, "--refuse=Utredningen väntar på yttrande från ambassaden.",
                               "--as=dora"});
    BOOST_REQUIRE_MESSAGE(refused.exitCode == 0, refused.err);
    BOOST_TEST(contains(refused.out, "its letter is kept with the case"), refused.out);
    BOOST_TEST(contains(office.caseDocument(dnr), "<letter type=\"decision-request-refusal\""));
    BOOST_TEST(contains(office.history(dnr), "dora\tdecision-request-refused\tUtredningen väntar på yttrande"));
    // The refusal is a decision of its own, and the party gets it in writing.
    const std::string pdf = office.file("refusal.pdf");
    auto letter = office.run({"letter", dnr, "--type=decision-request-refusal", "--out=" + pdf});
    BOOST_REQUIRE_MESSAGE(letter.exitCode == 0, letter.err);
    std::string text = runProgram("pdftotext", {"-enc", "UTF-8", pdf, "-"}).out;
    for (char& c : text)
        if (c == '\n') c = ' ';
    BOOST_TEST(contains(text, "Migrationsverket avslår begäran"), text);
    BOOST_TEST(contains(text, "Utredningen väntar på yttrande från ambassaden."), text);
    BOOST_TEST(contains(text, "Beslutet har fattats av Dora Lind."), text);
    BOOST_TEST(contains(office.run({"deadlines"}).out, dnr + "\tmay-request-decision\t"));
    BOOST_TEST(office.run({"request-decision", dnr}).exitCode == 0);
    // Without the letter plugin the refusal still stands, and says how to make its letter.
    auto noPlugin = office.run({"request-decision", dnr, "--refuse=Ärendet utreds vidare.", "--as=dora",
                                "--set=plugins.dir=" + office.file("no-plugins")});
    BOOST_TEST(noPlugin.exitCode == 0, noPlugin.err);
    BOOST_TEST(contains(noPlugin.out, "its letter could not be made"), noPlugin.out);
    BOOST_TEST(contains(office.history(dnr), "decision-request-refused\tÄrendet utreds vidare."));
    BOOST_TEST(office.run({"request-decision", dnr}).exitCode == 0);
    BOOST_TEST(office.run({"request-decision", "GF 2026-999999"}).exitCode == 1);
    BOOST_TEST(office.run({"request-decision", dnr, "--received=someday"}).exitCode == 2);
    BOOST_TEST(office.run({"deadlines", "extra"}).exitCode == 2);
}

BOOST_AUTO_TEST_CASE(a_store_from_before_decisions_were_recorded_learns_them_from_its_history) {
    CliOffice office;
    const std::string dnr = office.caseOf("02-forstudie-minimal.xml");
    toDecision(office, dnr, "anna");
    office.mustComplete(dnr, "decision", "dora", outcome::decision("bifall", 85000));
    {
        grantflow::CaseStore store(office.file("office.db"));
        store.session() << "DROP TABLE case_decisions", Poco::Data::Keywords::now;
    }
    BOOST_TEST(contains(office.run({"granted"}).out, dnr + "\t2026-11-27\tbifall\t85000\t"));
    office.now = formatInstant(monthsAfter(registeredAt(office, dnr), 7));
    BOOST_TEST(contains(office.run({"request-decision", dnr}).err, "was decided on 2026-11-27"));
}

BOOST_AUTO_TEST_SUITE_END()
