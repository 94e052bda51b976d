// Untrusted PDFs cost only themselves: damaged, truncated, encrypted, huge and
// non-PDF files are refused with a reason; a reader that hangs, crashes or eats
// memory is stopped; and intake keeps working afterwards. Scans are accepted as
// scanned paper, untouched.
#include <grantflow/PdfFieldReader.h>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "FormFixture.h"

using namespace grantflow;
namespace bdata = boost::unit_test::data;

namespace {

CheckedApplication checkFile(const std::string& name) {
    return test::paperIntake().check(name, test::readFile(test::dataPath("pdf/" + name)));
}

PdfContents readWith(const std::string& reader, SandboxLimits limits = {}) {
    return PdfFieldReader(test::dataPath("pdf/readers/" + reader), limits)
        .read(test::readFile(test::dataPath("pdf/scan-image-only.pdf")));
}

const char* const refused[] = {"truncated.pdf", "corrupt.pdf", "encrypted.pdf", "not-a-pdf.pdf",
                               "text-only.pdf"};
const char* const codes[] = {"pdf-damaged", "pdf-damaged", "pdf-encrypted", "not-pdf",
                             "not-application"};
const char* const scans[] = {"scan-image-only.pdf", "scan.png", "scan.tif"};

}  // namespace

BOOST_AUTO_TEST_SUITE(HostilePdf)

BOOST_DATA_TEST_CASE(a_bad_file_is_refused_with_a_reason, bdata::make(refused) ^ bdata::make(codes),
                     name, code) {
    CheckedApplication checked = checkFile(name);
    BOOST_REQUIRE(!checked.accepted());
    BOOST_TEST(checked.problems.front().code == code);
    BOOST_TEST(!checked.problems.front().message.empty());
    BOOST_TEST_MESSAGE(name << ": " << checked.problems.front().message);
}

BOOST_AUTO_TEST_CASE(a_file_over_the_size_limit_is_refused_unread) {
    PaperIntakeSettings settings = test::paperSettings();
    settings.maxBytes = 1 << 20;
    PaperIntake small(test::applicationIntake(), settings);
    std::string huge = "%PDF-1.4\n" + std::string(2 << 20, ' ');
    CheckedApplication checked = small.check("huge.pdf", huge);
    BOOST_REQUIRE(!checked.accepted());
    BOOST_TEST(checked.problems.front().code == "too-large");
}

BOOST_AUTO_TEST_CASE(a_reader_that_hangs_is_stopped_at_the_deadline) {
    SandboxLimits limits;
    limits.wallSeconds = 1;
    PdfContents contents = readWith("hang.sh", limits);
    BOOST_TEST(!contents.ok);
    BOOST_TEST(contents.failureCode == "timeout");
}

BOOST_AUTO_TEST_CASE(a_reader_that_crashes_costs_only_that_file) {
    PdfContents contents = readWith("crash.sh");
    BOOST_TEST(!contents.ok);
    BOOST_TEST(contents.failureCode == "crashed");
}

BOOST_AUTO_TEST_CASE(a_reader_whose_memory_blows_up_is_stopped) {
    SandboxLimits limits;
    limits.memoryBytes = 256 << 20;
    PdfContents contents = readWith("hungry.sh", limits);
    BOOST_TEST(!contents.ok);
    BOOST_TEST(contents.failureCode == "crashed");
}

BOOST_AUTO_TEST_CASE(a_missing_reader_program_is_a_clear_failure) {
    PdfContents contents = readWith("no-such-reader");
    BOOST_TEST(!contents.ok);
    BOOST_TEST(contents.failureCode == "reader-missing");
}

BOOST_AUTO_TEST_CASE(intake_still_works_after_every_bad_file) {
    for (const char* name : refused) checkFile(name);
    CheckedApplication scan = checkFile("scan-image-only.pdf");
    BOOST_TEST(scan.accepted());
}

BOOST_DATA_TEST_CASE(a_scan_is_accepted_as_scanned_paper_untouched, bdata::make(scans), name) {
    std::string bytes = test::readFile(test::dataPath(std::string("pdf/") + name));
    CheckedApplication checked = test::paperIntake().check(name, bytes);
    BOOST_TEST(checked.accepted());
    BOOST_TEST(checked.channel == channel::scannedPaper);
    BOOST_TEST(PaperIntake::needsKeying(checked));
    BOOST_TEST(checked.original == bytes);
    BOOST_TEST(checked.applicationXml.empty());
}

BOOST_AUTO_TEST_CASE(xml_is_left_to_xml_intake) {
    BOOST_TEST(!PaperIntake::handles("a.xml", "<?xml version=\"1.0\"?><application/>"));
    BOOST_TEST(PaperIntake::handles("a.pdf", "garbage"));
    BOOST_TEST(PaperIntake::handles("scan", "\x89PNG\r\n\x1a\n...."));
}

BOOST_AUTO_TEST_SUITE_END()
