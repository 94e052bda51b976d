// kill -9 during a batch of cases, again and again, then finish: every case must
// end exactly where a crash-free run ends it, with no letter or payment requested twice.
#include <boost/test/unit_test.hpp>

#include "TestSupport.h"

#include <grantflow/CaseStore.h>

#include <Poco/Data/Session.h>
#include <Poco/Environment.h>
#include <Poco/NumberParser.h>
#include <Poco/Process.h>
#include <Poco/Thread.h>

#include <random>

using namespace Poco::Data::Keywords;
namespace test = grantflow::test;

namespace {

long long count(Poco::Data::Session& session, const std::string& sql) {
    Poco::Int64 n = 0;
    session << sql, into(n), now;
    return n;
}

int occurrences(const std::string& text, const std::string& part) {
    int n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(WorkflowCrash)

BOOST_AUTO_TEST_CASE(killing_the_worker_at_random_moments_loses_and_repeats_nothing) {
    // CTest runs a few hundred cases; GRANTFLOW_CRASH_CASES=3000 runs the full-size batch.
    int cases = Poco::NumberParser::parse(Poco::Environment::get("GRANTFLOW_CRASH_CASES", "300"));
    test::TempDir dir;
    std::string db = "--db=" + dir.file("crash.db");
    std::vector<std::string> bench = {"bench-workflow", db, "--count=" + std::to_string(cases)};

    std::mt19937 random(20261127);
    std::uniform_int_distribution<int> pause(300, 3000);
    int kills = 0;
    for (int round = 0; round < 6; ++round) {
        Poco::ProcessHandle worker = test::startCli(bench);
        Poco::Thread::sleep(pause(random));
        try {
            Poco::Process::kill(worker);  // SIGKILL: no clean-up of any kind
            ++kills;
        } catch (const Poco::NotFoundException&) {
            // The run had already finished: nothing to kill this round.
        }
        worker.wait();
    }
    BOOST_TEST_MESSAGE(kills << " kill(s) during the batch");

    auto finished = test::runCli(bench);
    BOOST_REQUIRE_MESSAGE(finished.exitCode == 0, finished.err);

    grantflow::CaseStore store(dir.file("crash.db"));
    auto& session = store.session();
    BOOST_TEST(store.caseCount() == cases);
    BOOST_TEST(count(session, "SELECT COUNT(*) FROM process_instances WHERE state = 'completed'") == cases);
    BOOST_TEST(count(session, "SELECT COUNT(*) FROM process_instances WHERE state <> 'completed'") == 0);
    BOOST_TEST(count(session, "SELECT COUNT(*) FROM tokens") == 0);
    BOOST_TEST(count(session, "SELECT COUNT(*) FROM jobs") == 0);
    BOOST_TEST(count(session, "SELECT COUNT(*) FROM incidents") == 0);
    BOOST_TEST(count(session, "SELECT COUNT(*) FROM messages") == cases);
    // Four service tasks per case (receipt, decision letter, payment, closing), each done once.
    BOOST_TEST(count(session, "SELECT COUNT(*) FROM (SELECT case_id FROM events WHERE kind = 'service-done' "
                              "GROUP BY case_id HAVING COUNT(*) <> 4)") == 0);
    BOOST_TEST(count(session, "SELECT COUNT(*) FROM (SELECT case_id FROM events WHERE kind = 'task-completed' "
                              "GROUP BY case_id HAVING COUNT(*) <> 5)") == 0);
    std::vector<std::string> numbers;
    session << "SELECT dnr FROM cases", into(numbers), now;
    BOOST_REQUIRE(numbers.size() == static_cast<std::size_t>(cases));
    int wrong = 0;
    for (const auto& number : numbers) {
        const std::string d = store.caseDocument(number).value_or("");
        if (occurrences(d, "<letterRequest") != 2 || occurrences(d, "<paymentOrder") != 1 ||
            occurrences(d, "<closed") != 1 || occurrences(d, "<decision") != 1)
            ++wrong;
    }
    BOOST_TEST(wrong == 0);
}

BOOST_AUTO_TEST_SUITE_END()
