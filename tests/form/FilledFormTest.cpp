// A form filled by a program outside the project (pdftk) becomes the same
// application as the e-service XML, and what is wrong in it is named by the
// label printed on the form.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "FormFixture.h"

using namespace grantflow;

namespace {

struct Filled {
    test::TempDir dir;
    std::map<std::string, std::string> values =
        test::xfdfValues("filled-01-information-bosnia.xfdf");

    CheckedApplication submit(const std::string& lang = "sv") {
        std::string pdf =
            test::fillWithPdftk(dir, test::blankForm(dir, lang), values, "filled-" + lang + ".pdf");
        return test::paperIntake().check("filled.pdf", test::readFile(pdf));
    }
};

const Problem* problemAt(const CheckedApplication& checked, const std::string& label) {
    auto found = std::find_if(checked.problems.begin(), checked.problems.end(),
                              [&](const Problem& problem) { return problem.path == label; });
    return found == checked.problems.end() ? nullptr : &*found;
}

void showProblems(const CheckedApplication& checked) {
    for (const Problem& problem : checked.problems)
        BOOST_TEST_MESSAGE(formatProblem(checked.sourceName, problem));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(FilledForm)

BOOST_FIXTURE_TEST_CASE(a_form_filled_by_pdftk_becomes_the_same_application_as_the_xml, Filled) {
    CheckedApplication fromPdf = submit();
    showProblems(fromPdf);
    BOOST_REQUIRE(fromPdf.accepted());
    CheckedApplication fromXml = test::applicationIntake().check(
        "01.xml", test::readFile(test::dataPath("applications/valid/01-information-bosnia.xml")));
    BOOST_TEST(fromPdf.channel == channel::pdfForm);
    BOOST_TEST(fromPdf.mediaType == "application/pdf");
    BOOST_TEST(fromPdf.grant == fromXml.grant);
    BOOST_TEST(fromPdf.organisation == fromXml.organisation);
    BOOST_TEST(fromPdf.orgNumber == fromXml.orgNumber);
    BOOST_TEST(fromPdf.title == fromXml.title);
    BOOST_TEST(fromPdf.kind == fromXml.kind);
    BOOST_TEST(fromPdf.lang == fromXml.lang);
    BOOST_TEST(fromPdf.requested == fromXml.requested);
    // Names outside Latin-1 survive the trip through the PDF.
    BOOST_TEST(fromPdf.applicationXml.find("Đorđe Šćekić") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(the_original_kept_is_the_pdf_itself, Filled) {
    CheckedApplication checked = submit();
    BOOST_TEST(checked.original.rfind("%PDF-", 0) == 0u);
    BOOST_TEST(checked.sha256 == sha256Hex(checked.original));
}

BOOST_FIXTURE_TEST_CASE(wrong_values_are_named_by_their_label_on_the_form, Filled) {
    values["orgNumber"] = "802456-7897";     // wrong check digit
    values["projectEnd"] = "31/12/2027";     // not a date as the form asks
    values["line.2.amount"] = "tolv tusen";  // not an amount
    CheckedApplication checked = submit();
    showProblems(checked);
    BOOST_TEST(!checked.accepted());
    BOOST_TEST(problemAt(checked, "Organisationsnummer"));
    BOOST_TEST(problemAt(checked, "Projektet slutar"));
    BOOST_TEST(problemAt(checked, "Kostnader, rad 2: Belopp, kr"));
    for (const Problem& problem : checked.problems) BOOST_TEST(problem.line == 0);
}

BOOST_FIXTURE_TEST_CASE(empty_required_fields_are_listed_by_label_in_the_forms_language, Filled) {
    values.erase("orgName");
    values.erase("requested");
    CheckedApplication checked = submit("en");
    showProblems(checked);
    BOOST_TEST(!checked.accepted());
    BOOST_TEST(problemAt(checked, "Name of the organisation"));
    BOOST_TEST(problemAt(checked, "Amount requested, SEK"));
    BOOST_TEST(problemAt(checked, "Name of the organisation")->message == "must be filled in");
}

BOOST_FIXTURE_TEST_CASE(a_budget_line_without_its_category_names_its_row, Filled) {
    values.erase("line.3.category");
    CheckedApplication checked = submit();
    showProblems(checked);
    BOOST_TEST(problemAt(checked, "Kostnader, rad 3: Kostnadsslag"));
}

BOOST_FIXTURE_TEST_CASE(no_target_group_ticked_names_the_whole_group, Filled) {
    values.erase("basisRefugee");
    values.erase("basisProtection");
    CheckedApplication checked = submit();
    showProblems(checked);
    const Problem* problem = problemAt(
        checked,
        "Målgrupp: flyktingar / Målgrupp: andra skyddsbehövande / Målgrupp: kvotflyktingar");
    BOOST_REQUIRE(problem);
    BOOST_TEST(problem->message == "tick at least one");
}

BOOST_FIXTURE_TEST_CASE(an_unfilled_form_is_refused_with_every_required_field, Filled) {
    CheckedApplication checked =
        test::paperIntake().check("blank.pdf", test::readFile(test::blankForm(dir, "sv")));
    BOOST_TEST(!checked.accepted());
    BOOST_TEST(problemAt(checked, "Organisationens namn"));
    BOOST_TEST(problemAt(checked, "Sammanfattning av projektet"));
    BOOST_TEST(problemAt(checked, "Kostnader"));
}

BOOST_AUTO_TEST_SUITE_END()
