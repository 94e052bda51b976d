// The hot folder promises of HotFolder.h, tried with real files, a real store
// and, for the crash test, a watcher process killed with SIGKILL at random moments.
#include <Poco/DirectoryIterator.h>
#include <Poco/Thread.h>
#include <grantflow/HotFolder.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <csignal>
#include <map>
#include <random>
#include <set>

#include "TestSupport.h"

using namespace grantflow;

namespace {

const ApplicationIntake& applicationIntake() {
    static ApplicationIntake intake([] {
        IntakeSettings settings;
        settings.schemaPath = test::sourcePath("schemas/application.xsd");
        return settings;
    }());
    return intake;
}

const PaperIntake& paperIntake() {
    static PaperIntake intake(applicationIntake(), [] {
        PaperIntakeSettings settings = PaperIntakeSettings::forDataDirectory(GRANTFLOW_SOURCE_DIR);
        settings.readerPath = GRANTFLOW_PDF_READER_FOR_TESTS;
        return settings;
    }());
    return intake;
}

std::vector<std::string> namesIn(const std::string& directory) {
    std::vector<std::string> names;
    for (Poco::DirectoryIterator it(directory), end; it != end; ++it) names.push_back(it.name());
    std::sort(names.begin(), names.end());
    return names;
}

struct Folder {
    test::TempDir dir;
    std::string db = dir.file("cases.db");
    HotFolderSettings settings() {
        HotFolderSettings settings;
        settings.directory = dir.file("hot");
        settings.settleMilliseconds = 100;
        return settings;
    }
    void drop(const std::string& name, const std::string& bytes) {
        Poco::File(dir.file("hot/inbox")).createDirectories();
        test::writeFile(dir.file("hot/inbox/" + name), bytes);
    }
    void dropData(const std::string& relative, const std::string& as) {
        drop(as, test::readFile(test::dataPath(relative)));
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(HotFolder)

BOOST_FIXTURE_TEST_CASE(an_application_goes_to_done_under_its_reference_number, Folder) {
    CaseStore store(db);
    grantflow::HotFolder folder(settings(), applicationIntake(), paperIntake(), store);
    dropData("applications/valid/01-information-bosnia.xml", "a.xml");
    auto outcomes = folder.drain();
    BOOST_REQUIRE(outcomes.size() == 1u);
    BOOST_TEST(outcomes.front().registered);
    BOOST_TEST(
        namesIn(folder.done()) ==
            std::vector<std::string>{"GF-" + outcomes.front().referenceNumber.substr(3) + "_a.xml"},
        boost::test_tools::per_element());
    BOOST_TEST(namesIn(folder.inbox()).empty());
    BOOST_TEST(store.caseCount() == 1);
}

BOOST_FIXTURE_TEST_CASE(a_refused_file_goes_to_failed_with_its_reason_beside_it, Folder) {
    CaseStore store(db);
    grantflow::HotFolder folder(settings(), applicationIntake(), paperIntake(), store);
    dropData("applications/invalid/bad-orgnumber-check-digit.xml", "bad.xml");
    dropData("pdf/encrypted.pdf", "locked.pdf");
    folder.drain();
    BOOST_TEST(namesIn(folder.failed()) ==
                   (std::vector<std::string>{"bad.xml", "bad.xml.reason.txt", "locked.pdf",
                                             "locked.pdf.reason.txt"}),
               boost::test_tools::per_element());
    BOOST_TEST(test::readFile(folder.failed() + "/locked.pdf.reason.txt").find("password") !=
               std::string::npos);
    BOOST_TEST(store.caseCount() == 0);
}

BOOST_FIXTURE_TEST_CASE(a_scan_becomes_a_case_for_keying_in, Folder) {
    CaseStore store(db);
    grantflow::HotFolder folder(settings(), applicationIntake(), paperIntake(), store);
    dropData("pdf/scan.tif", "scan.tif");
    auto outcomes = folder.drain();
    BOOST_REQUIRE(outcomes.size() == 1u);
    BOOST_TEST(outcomes.front().registered);
    BOOST_TEST(store.listCases({}).front().channel == channel::scannedPaper);
}

BOOST_FIXTURE_TEST_CASE(a_file_still_being_written_is_not_taken, Folder) {
    CaseStore store(db);
    grantflow::HotFolder folder(settings(), applicationIntake(), paperIntake(), store);
    std::string xml =
        test::readFile(test::dataPath("applications/valid/01-information-bosnia.xml"));
    drop("growing.xml", xml.substr(0, xml.size() / 2));
    drop("upload.xml.part", xml);
    drop(".hidden.xml", xml);
    BOOST_TEST(folder.scanOnce().empty());                  // first look: only noted
    test::writeFile(folder.inbox() + "/growing.xml", xml);  // the writer finishes
    BOOST_TEST(folder.scanOnce().empty());                  // changed since the last look
    Poco::Thread::sleep(150);
    auto outcomes = folder.scanOnce();
    BOOST_REQUIRE(outcomes.size() == 1u);
    BOOST_TEST(outcomes.front().name == "growing.xml");
    BOOST_TEST(outcomes.front().registered);
    BOOST_TEST(
        namesIn(folder.inbox()) == (std::vector<std::string>{".hidden.xml", "upload.xml.part"}),
        boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(the_same_bytes_twice_are_one_case, Folder) {
    CaseStore store(db);
    grantflow::HotFolder folder(settings(), applicationIntake(), paperIntake(), store);
    dropData("applications/valid/02-forstudie-minimal.xml", "first.xml");
    dropData("applications/valid/02-forstudie-minimal.xml", "again.xml");
    auto outcomes = folder.drain();
    BOOST_REQUIRE(outcomes.size() == 2u);
    BOOST_TEST(outcomes[0].referenceNumber == outcomes[1].referenceNumber);
    BOOST_TEST(store.caseCount() == 1);
    BOOST_TEST(namesIn(folder.done()).size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(killed_at_any_moment_no_file_is_lost_and_none_becomes_two_cases, Folder) {
    // Many files, a watcher process killed with SIGKILL at random moments and
    // started again, until the inbox is empty.
    std::map<std::string, std::string> dropped;
    const char* examples[] = {"applications/valid/01-information-bosnia.xml",
                              "applications/valid/02-forstudie-minimal.xml",
                              "applications/valid/03-reintegration-large.xml",
                              "applications/valid/04-kommun-english.xml",
                              "applications/invalid/truncated.xml",
                              "applications/invalid/budget-does-not-add-up.xml",
                              "pdf/scan.png",
                              "pdf/corrupt.pdf",
                              "pdf/scan-image-only.pdf"};
    int n = 0;
    for (int round = 0; round < 8; ++round)
        for (const char* example : examples) {
            std::string name = "f" + std::to_string(++n) + "-" + Poco::Path(example).getFileName();
            dropData(example, name);
            dropped[name] = example;
        }
    std::set<std::string> distinctAccepted;
    for (const auto& [name, example] : dropped)
        if (std::string(example).find("/valid/") != std::string::npos ||
            std::string(example).find("scan") != std::string::npos)
            distinctAccepted.insert(example);

    std::mt19937 random(20261127);
    HotFolderSettings hot = settings();
    hot.settleMilliseconds = 0;
    int kills = 0;
    for (int attempt = 0; attempt < 200 && !namesIn(dir.file("hot/inbox")).empty(); ++attempt) {
        ++kills;
        pid_t child = ::fork();
        BOOST_REQUIRE(child >= 0);
        if (child == 0) {
            // The watcher: its own store connection, as a separate process would have.
            CaseStore store(db);
            grantflow::HotFolder folder(hot, applicationIntake(), paperIntake(), store);
            folder.run(
                5, [] { return true; }, [](const HotFolderOutcome&) {});
            ::_exit(0);
        }
        ::usleep(std::uniform_int_distribution<int>(5000, 120000)(random));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
    }
    BOOST_TEST_MESSAGE("watcher killed " << kills << " times");
    {
        CaseStore store(db);
        grantflow::HotFolder folder(hot, applicationIntake(), paperIntake(), store);
        folder.drain();
        BOOST_TEST(store.caseCount() == static_cast<long long>(distinctAccepted.size()));
    }

    // Every dropped file is in exactly one place.
    std::map<std::string, int> seen;
    for (const std::string& name : namesIn(dir.file("hot/inbox"))) ++seen[name];
    for (const std::string& name : namesIn(dir.file("hot/failed")))
        if (name.find(".reason.txt") == std::string::npos && name[0] != '.') ++seen[name];
    for (const std::string& name : namesIn(dir.file("hot/done")))
        ++seen[name.substr(name.find('_') + 1)];
    for (const auto& [name, example] : dropped) {
        BOOST_TEST_CONTEXT(name) { BOOST_TEST(seen[name] == 1); }
    }
    BOOST_TEST(seen.size() == dropped.size());
    BOOST_TEST(namesIn(dir.file("hot/inbox")).empty());
}

BOOST_FIXTURE_TEST_CASE(the_watch_verb_takes_the_inbox_once_and_says_what_happened, Folder) {
    dropData("applications/valid/04-kommun-english.xml", "kommun.xml");
    dropData("pdf/not-a-pdf.pdf", "letter.pdf");
    test::CliResult result =
        test::runCli({"watch", "--once", "--settle", "50", "--db", db, dir.file("hot")});
    BOOST_TEST(result.exitCode == 1);  // one file was refused
    BOOST_TEST(result.out.find("GF ") != std::string::npos);
    BOOST_TEST(result.out.find("kommun.xml") != std::string::npos);
    BOOST_TEST(result.err.find("letter.pdf") != std::string::npos);
    BOOST_TEST(namesIn(dir.file("hot/inbox")).empty());
}

BOOST_AUTO_TEST_SUITE_END()
