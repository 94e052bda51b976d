// Several grantflow processes registering into one store at once, and one killed
// in the middle of its work: the numbers stay gap-free and the store consistent.
#include <boost/test/unit_test.hpp>

#include <grantflow/CaseStore.h>

#include <Poco/Data/Session.h>

#include <chrono>
#include <set>
#include <thread>

#include "TestSupport.h"

using namespace grantflow;
using namespace Poco::Data::Keywords;

namespace {

long long scalar(CaseStore& store, const std::string& sql) {
    Poco::Int64 value = 0;
    store.session() << sql, into(value), now;
    return value;
}

// Every case is whole (one original, one case document, one event) and numbers are 1..n.
void requireConsistent(CaseStore& store) {
    std::string integrity;
    store.session() << "PRAGMA integrity_check", into(integrity), now;
    BOOST_TEST(integrity == "ok");
    long long cases = store.caseCount();
    BOOST_TEST(scalar(store, "SELECT COUNT(*) FROM documents WHERE role = 'original'") == cases);
    BOOST_TEST(scalar(store, "SELECT COUNT(*) FROM case_versions") == cases);
    BOOST_TEST(scalar(store, "SELECT COUNT(*) FROM events") == cases);
    BOOST_TEST(scalar(store, "SELECT COALESCE(MAX(seq), 0) FROM cases") == cases);
    BOOST_TEST(scalar(store, "SELECT COALESCE(SUM(last), 0) FROM reference_counters") == cases);
    BOOST_TEST(scalar(store, "SELECT COUNT(DISTINCT seq) FROM cases") == cases);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ConcurrencyAndCrash)

BOOST_AUTO_TEST_CASE(concurrent_submissions_number_without_gaps) {
    test::TempDir dir;
    const int processes = 4, perProcess = 150;
    for (int p = 0; p < processes; ++p)
        BOOST_REQUIRE(test::runCli({"generate", "--count=" + std::to_string(perProcess), "--seed=" + std::to_string(p + 10),
                                    dir.file("in" + std::to_string(p))})
                          .exitCode == 0);
    std::vector<test::CliResult> results(processes);
    std::vector<std::thread> running;
    for (int p = 0; p < processes; ++p)
        running.emplace_back([&, p] {
            results[p] = test::runCli({"submit", "--quiet", "--db=" + dir.file("cases.db"), dir.file("in" + std::to_string(p))});
        });
    for (auto& thread : running) thread.join();
    for (const auto& result : results) BOOST_TEST(result.exitCode == 0, "exit " << result.exitCode << ": " << result.err);
    CaseStore store(dir.file("cases.db"));
    BOOST_TEST(store.caseCount() == processes * perProcess);
    requireConsistent(store);
}

BOOST_AUTO_TEST_CASE(a_crash_mid_intake_leaves_the_store_consistent) {
    test::TempDir dir;
    const int total = 10000;
    BOOST_REQUIRE(test::runCli({"generate", "--count=" + std::to_string(total), dir.file("in")}).exitCode == 0);
    std::string db = "--db=" + dir.file("cases.db");
    long long before = 0;
    // Kill twice, each time just after the running submit committed its first new cases.
    for (int round = 0; round < 2; ++round) {
        Poco::ProcessHandle submit = test::startCli({"submit", "--quiet", "--no-start", db, dir.file("in")});
        for (int waited = 0; waited < 60000; waited += 2) {
            if (Poco::File(dir.file("cases.db")).exists() && CaseStore(dir.file("cases.db")).caseCount() > before)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        Poco::Process::kill(submit);
        submit.wait();
        CaseStore store(dir.file("cases.db"));
        BOOST_TEST_MESSAGE("killed in round " << round << " with " << store.caseCount() << " cases stored");
        BOOST_TEST(store.caseCount() > before);
        BOOST_TEST(store.caseCount() < total);
        requireConsistent(store);
        before = store.caseCount();
    }
    // Finishing the job afterwards registers every file exactly once.
    auto finished = test::runCli({"submit", "--quiet", db, dir.file("in")});
    BOOST_TEST(finished.exitCode == 0);
    CaseStore store(dir.file("cases.db"));
    BOOST_TEST(store.caseCount() == total);
    requireConsistent(store);
}

BOOST_AUTO_TEST_SUITE_END()
