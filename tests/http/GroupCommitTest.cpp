// Group commit: a request waits for the fsync that covers its commit, and many
// commits share one.
#include "TestSupport.h"

#include <grantflow/GroupCommit.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>
#include <vector>

using grantflow::GroupCommit;
using grantflow::test::TempDir;

BOOST_AUTO_TEST_SUITE(GroupCommitFlusher)

BOOST_AUTO_TEST_CASE(a_commit_is_waited_for_until_synced) {
    TempDir dir;
    std::string wal = dir.file("store.db-wal");
    grantflow::test::writeFile(wal, "frames");
    GroupCommit commit(wal, true);
    commit.start();
    auto ticket = commit.noteCommit();
    commit.waitDurable(ticket);  // returns: the flusher synced past it
    BOOST_TEST(ticket == 1u);
}

BOOST_AUTO_TEST_CASE(many_writers_all_get_through) {
    TempDir dir;
    std::string wal = dir.file("store.db-wal");
    grantflow::test::writeFile(wal, "frames");
    GroupCommit commit(wal, true);
    commit.start();
    std::atomic<int> durable{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 8; ++w)
        writers.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                commit.waitDurable(commit.noteCommit());
                ++durable;
            }
        });
    for (auto& t : writers) t.join();
    BOOST_TEST(durable == 400);
}

BOOST_AUTO_TEST_CASE(without_a_log_file_there_is_nothing_to_sync) {
    TempDir dir;
    GroupCommit commit(dir.file("absent.db-wal"), true);
    commit.start();
    commit.waitDurable(commit.noteCommit());
}

BOOST_AUTO_TEST_CASE(when_disabled_nobody_waits) {
    GroupCommit commit("/nonexistent/store.db-wal", false);
    commit.waitDurable(commit.noteCommit());
}

BOOST_AUTO_TEST_SUITE_END()
