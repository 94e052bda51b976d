// The hash chain over the event log: every event is chained as it is written,
// and an edit, deletion or insertion made around the engine is found and named.
#include "ApiTestServer.h"

#include <grantflow/AuditChain.h>
#include <grantflow/CaseStore.h>

#include <Poco/Data/Session.h>

using namespace grantflow::test;
using namespace Poco::Data::Keywords;

namespace {

// A store with a few cases worked through the API, and the server stopped.
class ChainedStore {
public:
    ChainedStore() {
        ApiTestServer server;
        server.deployGrantReview();
        std::string dnr = server.submitSample("02-forstudie-minimal.xml");
        server.submitSample("01-information-bosnia.xml");
        BOOST_REQUIRE(server.complete("bo", server.taskOf(dnr, "completeness"), outcomes::completeness).status == 200);
        _path = _dir.file("copy.db");
        // Copy through SQLite so the WAL is folded in.
        grantflow::CaseStore store(server.databasePath());
        store.session() << "VACUUM INTO ?", bind(_path), now;
    }

    const std::string& path() const { return _path; }

    // Runs SQL on a plain connection, as someone with the sqlite3 shell would.
    void tamper(const std::string& sql) {
        Poco::Data::Session session("SQLite", _path);
        session << sql, now;
    }

    CliResult verify() { return runCli({"audit", "verify", "--db=" + _path}); }

private:
    TempDir _dir;
    std::string _path;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(AuditChain)

BOOST_AUTO_TEST_CASE(every_event_written_through_the_engine_is_chained) {
    ChainedStore store;
    CliResult result = store.verify();
    BOOST_TEST(result.exitCode == 0, result.err);
    BOOST_TEST(contains(result.out, "intact"));
    grantflow::CaseStore opened(store.path());
    auto report = grantflow::verifyAuditChain(opened.session());
    BOOST_TEST(report.intact);
    Poco::Int64 rows = 0;
    opened.session() << "SELECT COUNT(*) FROM events", into(rows), now;
    BOOST_TEST(rows >= 5);  // two registrations, two starts, a completed task
    BOOST_TEST(report.eventsChecked == static_cast<long long>(rows));
    BOOST_TEST(report.headHash.size() == 64u);
    // Each hash is in its event's own row; the table older stores kept them in stays empty.
    Poco::Int64 withoutHash = -1, inTable = -1;
    opened.session() << "SELECT COUNT(*) FROM events WHERE hash IS NULL", into(withoutHash), now;
    opened.session() << "SELECT COUNT(*) FROM audit_chain", into(inTable), now;
    BOOST_TEST(withoutHash == 0);
    BOOST_TEST(inTable == 0);
}

BOOST_AUTO_TEST_CASE(an_edited_event_is_found_at_that_event) {
    ChainedStore store;
    store.tamper("DROP TRIGGER events_append_only_update");
    store.tamper("UPDATE events SET actor = 'mallory' WHERE id = 4");
    CliResult result = store.verify();
    BOOST_TEST(result.exitCode == 1);
    BOOST_TEST(contains(result.err, "chain broken at event 4"), result.err);
}

BOOST_AUTO_TEST_CASE(an_edited_entry_after_the_first_of_a_step_is_found_at_its_row) {
    ChainedStore store;
    // The step that completed the completeness check also passed a gateway and created a task.
    Poco::Int64 row = 0;
    {
        grantflow::CaseStore opened(store.path());
        opened.session() << "SELECT MAX(id) FROM events WHERE kind = 'task-completed' AND instr(detail, char(30)) > 0",
            into(row), now;
    }
    BOOST_REQUIRE(row > 0);
    store.tamper("DROP TRIGGER events_append_only_update");
    store.tamper("UPDATE events SET detail = replace(detail, 'task-created', 'task-removed') WHERE id = " +
                 std::to_string(row));
    CliResult result = store.verify();
    BOOST_TEST(result.exitCode == 1);
    BOOST_TEST(contains(result.err, "chain broken at event " + std::to_string(row)), result.err);
}

BOOST_AUTO_TEST_CASE(a_deleted_event_is_found) {
    ChainedStore store;
    store.tamper("DROP TRIGGER events_append_only_delete");
    store.tamper("DELETE FROM events WHERE id = 3");
    CliResult result = store.verify();
    BOOST_TEST(result.exitCode == 1);
    BOOST_TEST(contains(result.err, "event 3 was deleted"), result.err);
}

BOOST_AUTO_TEST_CASE(a_deleted_event_whose_successors_were_renumbered_is_found_at_the_next_event) {
    ChainedStore store;
    store.tamper("DROP TRIGGER events_append_only_delete");
    store.tamper("DROP TRIGGER events_append_only_update");
    store.tamper("DELETE FROM events WHERE id = 3");
    store.tamper("UPDATE events SET id = id - 1 WHERE id > 3");
    CliResult result = store.verify();
    BOOST_TEST(result.exitCode == 1);
    BOOST_TEST(contains(result.err, "chain broken at event 3: event 3 does not match its hash"), result.err);
}

BOOST_AUTO_TEST_CASE(an_event_inserted_around_the_engine_is_found) {
    ChainedStore store;
    store.tamper("INSERT INTO events(id, case_id, at, actor, kind, detail) "
                 "SELECT MAX(id) + 1, MIN(case_id), '2026-01-01T00:00:00Z', 'mallory', 'decided', 'bifall' FROM events");
    CliResult result = store.verify();
    BOOST_TEST(result.exitCode == 1);
    BOOST_TEST(contains(result.err, "inserted around the engine"), result.err);
}

BOOST_AUTO_TEST_CASE(an_event_inserted_with_a_made_up_hash_is_found) {
    ChainedStore store;
    store.tamper("INSERT INTO events(id, case_id, at, actor, kind, detail, hash) "
                 "SELECT MAX(id) + 1, MIN(case_id), '2026-01-01T00:00:00Z', 'mallory', 'decided', 'bifall', '" +
                 std::string(64, 'a') + "' FROM events");
    CliResult result = store.verify();
    BOOST_TEST(result.exitCode == 1);
    BOOST_TEST(contains(result.err, "does not match its hash"), result.err);
}

BOOST_AUTO_TEST_CASE(a_rewritten_hash_does_not_hide_an_edit) {
    ChainedStore store;
    store.tamper("DROP TRIGGER events_append_only_update");
    store.tamper("UPDATE events SET detail = 'forged', hash = '" + std::string(64, '0') + "' WHERE id = 2");
    CliResult result = store.verify();
    BOOST_TEST(result.exitCode == 1);
    BOOST_TEST(contains(result.err, "chain broken at event 2"), result.err);
}

BOOST_AUTO_TEST_CASE(cutting_off_the_newest_events_is_found_with_a_recorded_head) {
    ChainedStore store;
    CliResult before = store.verify();
    std::string head = before.out.substr(before.out.rfind(' ') + 1);
    head.erase(head.find_last_not_of("\n") + 1);
    BOOST_TEST(runCli({"audit", "verify", "--db=" + store.path(), "--head=" + head}).exitCode == 0);
    store.tamper("DROP TRIGGER events_append_only_delete");
    store.tamper("DELETE FROM events WHERE id = (SELECT MAX(id) FROM events)");
    BOOST_TEST(store.verify().exitCode == 0);  // a shorter chain is still a chain
    CliResult anchored = runCli({"audit", "verify", "--db=" + store.path(), "--head=" + head});
    BOOST_TEST(anchored.exitCode == 1);
    BOOST_TEST(contains(anchored.err, "cut off"), anchored.err);
}

BOOST_AUTO_TEST_CASE(the_hash_tells_fields_apart) {
    BOOST_TEST(grantflow::auditHash("", 1, 2, "ab", "c", "k", std::nullopt) !=
               grantflow::auditHash("", 1, 2, "a", "bc", "k", std::nullopt));
    BOOST_TEST(grantflow::auditHash("", 1, 2, "a", "b", "k", std::string()) !=
               grantflow::auditHash("", 1, 2, "a", "b", "k", std::nullopt));
}

BOOST_AUTO_TEST_SUITE_END()
