// The blank PDF: every field of the definition is a fillable field with the
// definition's name, the form says which form, version and language it is, and
// the printed text is in the language asked for.
#include <Poco/PipeStream.h>
#include <grantflow/PdfFieldReader.h>

#include <boost/test/unit_test.hpp>
#include <set>

#include "FormFixture.h"

using namespace grantflow;

namespace {

std::set<std::string> expectedFieldNames() {
    std::set<std::string> names = {FormDefinition::markerFieldName()};
    for (const FormSection& section : test::form().sections())
        for (const FormEntry& entry : section.entries) {
            if (const auto* field = std::get_if<FormField>(&entry)) names.insert(field->name);
            if (const auto* repeat = std::get_if<FormRepeat>(&entry))
                for (int row = 1; row <= repeat->rows; ++row)
                    for (const FormField& column : repeat->fields)
                        names.insert(FormDefinition::cellName(*repeat, row, column));
        }
    return names;
}

std::string pdfToText(const std::string& path) {
    Poco::Pipe out;
    Poco::ProcessHandle process =
        Poco::Process::launch("pdftotext", {"-layout", path, "-"}, nullptr, &out, nullptr);
    Poco::PipeInputStream stream(out);
    std::string text;
    Poco::StreamCopier::copyToString(stream, text);
    BOOST_REQUIRE(process.wait() == 0);
    return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(FormWriter)

BOOST_AUTO_TEST_CASE(every_field_of_the_definition_is_a_fillable_field) {
    test::TempDir dir;
    for (const std::string lang : {"sv", "en"}) {
        PdfContents contents = PdfFieldReader(GRANTFLOW_PDF_READER_FOR_TESTS)
                                   .read(test::readFile(test::blankForm(dir, lang)));
        BOOST_REQUIRE_MESSAGE(contents.ok, contents.failure);
        std::set<std::string> names;
        for (const auto& [name, value] : contents.fields) names.insert(name);
        BOOST_TEST(names == expectedFieldNames(), boost::test_tools::per_element());
        BOOST_TEST(contents.fields[FormDefinition::markerFieldName()] == "application 1 " + lang);
    }
}

BOOST_AUTO_TEST_CASE(the_letter_language_is_preset_to_the_language_of_the_form) {
    test::TempDir dir;
    PdfContents contents = PdfFieldReader(GRANTFLOW_PDF_READER_FOR_TESTS)
                               .read(test::readFile(test::blankForm(dir, "en")));
    BOOST_TEST(contents.fields["lang"] == "en");
}

BOOST_AUTO_TEST_CASE(fits_on_a_few_a4_pages) {
    test::TempDir dir;
    PdfContents contents = PdfFieldReader(GRANTFLOW_PDF_READER_FOR_TESTS)
                               .read(test::readFile(test::blankForm(dir, "sv")));
    BOOST_TEST(contents.pages >= 1);
    BOOST_TEST(contents.pages <= 3);
}

BOOST_AUTO_TEST_CASE(prints_labels_in_the_language_asked_for) {
    test::TempDir dir;
    std::string swedish = pdfToText(test::blankForm(dir, "sv"));
    std::string english = pdfToText(test::blankForm(dir, "en"));
    BOOST_TEST(swedish.find("Organisationsnummer") != std::string::npos);
    BOOST_TEST(swedish.find("Sökt belopp") != std::string::npos);
    BOOST_TEST(english.find("Organisation number") != std::string::npos);
    BOOST_TEST(english.find("Amount requested") != std::string::npos);
    BOOST_TEST(english.find("Organisationsnummer") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_a_language_it_has_no_texts_for) {
    BOOST_CHECK_THROW(pdfform::FormWriter(test::form()).write("de"),
                      Poco::InvalidArgumentException);
}

BOOST_AUTO_TEST_CASE(the_form_verb_writes_the_pdf_and_refuses_an_unknown_language) {
    test::TempDir dir;
    test::CliResult result = test::runCli({"form", "--lang", "en", "--out", dir.file("form.pdf")});
    BOOST_TEST(result.exitCode == 0, result.err);
    BOOST_TEST(test::readFile(dir.file("form.pdf")).rfind("%PDF-", 0) == 0u);
    BOOST_TEST(test::runCli({"form", "--lang", "fi", "--out", dir.file("x.pdf")}).exitCode == 2);
}

BOOST_AUTO_TEST_SUITE_END()
