// `grantflow letter` as a case officer runs it: the real program, the real plugin.
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>

#include "LetterFixture.h"

using namespace grantflow::test;

BOOST_AUTO_TEST_SUITE(LetterCommand)

BOOST_AUTO_TEST_CASE(renders_a_letter_from_a_case_document_file) {
    TempDir folder;
    std::string out = folder.file("beslut.pdf");
    CliResult result = runCli({"letter", "--case", dataPath("cases/grant-in-part.xml"), "--type",
                               "decision", "--out", out});
    BOOST_REQUIRE_MESSAGE(result.exitCode == 0, result.err);
    BOOST_CHECK_EQUAL(readFile(out).substr(0, 5), "%PDF-");
    BOOST_CHECK(foldSpaces(pdfText(out)).find("GF 2026-000003") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(renders_the_acknowledgement_of_a_case_in_the_store) {
    TempDir folder;
    std::string db = "--db=" + folder.file("cases.db");
    CliResult submitted =
        runCli({"submit", db, dataPath("applications/valid/01-information-bosnia.xml")});
    BOOST_REQUIRE_MESSAGE(submitted.exitCode == 0, submitted.err);
    auto at = submitted.out.find("GF 20");
    BOOST_REQUIRE(at != std::string::npos);
    std::string dnr = submitted.out.substr(at, 14);
    std::string out = folder.file("mottagningsbekraftelse.pdf");
    CliResult result = runCli({"letter", dnr, db, "--type", "acknowledgement", "--out", out});
    BOOST_REQUIRE_MESSAGE(result.exitCode == 0, result.err);
    std::string text = foldSpaces(pdfText(out));
    BOOST_CHECK_MESSAGE(text.find(dnr) != std::string::npos, text);
    BOOST_CHECK(text.find("Föreningen Bosnisk-Svenska Broar") != std::string::npos);
    BOOST_CHECK(text.find("MOTTAGNINGSBEKRÄFTELSE") != std::string::npos);

    CliResult unknown =
        runCli({"letter", "GF 2019-000999", db, "--type", "acknowledgement", "--out", out + "2"});
    BOOST_CHECK_EQUAL(unknown.exitCode, 1);
    BOOST_CHECK(unknown.err.find("no case GF 2019-000999") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_field_fails_clearly_and_leaves_no_file) {
    TempDir folder;
    std::string caseFile = folder.file("case.xml");
    std::string caseXml = readFile(dataPath("cases/grant.xml"));
    auto from = caseXml.find("<amount>");
    caseXml.erase(from, caseXml.find("</amount>") + 9 - from);
    writeFile(caseFile, caseXml);
    std::string out = folder.file("beslut.pdf");
    CliResult result = runCli({"letter", "--case", caseFile, "--type", "grant", "--out", out});
    BOOST_CHECK_EQUAL(result.exitCode, 1);
    BOOST_CHECK_MESSAGE(result.err.find("missing-field") != std::string::npos, result.err);
    BOOST_CHECK_MESSAGE(result.err.find("c:decision/c:amount") != std::string::npos, result.err);
    BOOST_CHECK(!Poco::File(out).exists());
    std::vector<std::string> leftovers;
    Poco::File(folder.path()).list(leftovers);
    BOOST_CHECK_EQUAL(leftovers.size(), 1u);  // only case.xml: no temporary file either
}

BOOST_AUTO_TEST_CASE(an_unknown_letter_type_is_refused) {
    TempDir folder;
    CliResult result = runCli({"letter", "--case", dataPath("cases/grant.xml"), "--type",
                               "postcard", "--out", folder.file("x.pdf")});
    BOOST_CHECK_EQUAL(result.exitCode, 1);
    BOOST_CHECK_MESSAGE(result.err.find("no template for the postcard letter") != std::string::npos,
                        result.err);
}

BOOST_AUTO_TEST_CASE(without_type_it_is_a_usage_error) {
    CliResult result =
        runCli({"letter", "--case", dataPath("cases/grant.xml"), "--out", "/tmp/never.pdf"});
    BOOST_CHECK_EQUAL(result.exitCode, 2);
}

BOOST_AUTO_TEST_SUITE_END()
