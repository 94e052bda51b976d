// A store written when the chain's hashes were rows of their own table (schema
// version 2) is upgraded in place: its events keep their hashes, new events carry
// theirs in their own rows, and the chain runs on across the two unbroken.
#include <boost/test/unit_test.hpp>

#include <grantflow/AuditChain.h>
#include <grantflow/CaseStore.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/DateTime.h>

#include <sqlite3.h>

#include <vector>

#include "SharedIntake.h"

using namespace grantflow;
using namespace Poco::Data::Keywords;

namespace {

// The head of the chain in tests/data/stores/schema-v2.sql, as its grantflow printed it.
const std::string versionTwoHead = "048c40e72006e2522a86687019c80e33131411f3f6040900d841dfea002cffa7";

struct VersionTwoStore {
    test::TempDir dir;
    std::string path = dir.file("v2.db");

    VersionTwoStore() {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session plain("SQLite", path);
        char* message = nullptr;
        const std::string dump = test::readFile(test::dataPath("stores/schema-v2.sql"));
        const int status = sqlite3_exec(Poco::Data::SQLite::Utility::dbHandle(plain), dump.c_str(), nullptr, nullptr,
                                        &message);
        const std::string why = message ? message : "";
        sqlite3_free(message);
        BOOST_REQUIRE_MESSAGE(status == SQLITE_OK, why);
    }

    // Runs SQL on a plain connection, as someone with the sqlite3 shell would.
    void tamper(const std::string& sql) {
        Poco::Data::Session session("SQLite", path);
        session << sql, now;
    }

    // Upgrades the store, changes it behind the engine's back, and verifies its chain.
    AuditReport verifyAfterTampering(const std::vector<std::string>& statements) {
        { CaseStore upgraded(path); }
        for (const auto& sql : statements) tamper(sql);
        CaseStore store(path);
        return verifyAuditChain(store.session());
    }

    static Poco::Int64 count(CaseStore& store, const std::string& sql) {
        Poco::Int64 n = 0;
        store.session() << sql, into(n), now;
        return n;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(AuditChainUpgrade, VersionTwoStore)

BOOST_AUTO_TEST_CASE(the_old_events_keep_their_hashes_and_new_events_chain_on_in_their_own_rows) {
    CaseStore store(path);
    BOOST_TEST(count(store, "PRAGMA user_version") == 3);
    AuditReport before = verifyAuditChain(store.session(), versionTwoHead);
    BOOST_TEST(before.intact, before.reason);
    BOOST_TEST(before.eventsChecked == 7);
    BOOST_TEST(before.headHash == versionTwoHead);

    CheckedApplication application = test::checkedExample("valid/03-reintegration-large.xml");
    auto registered = store.registerApplications({&application}, Poco::DateTime(2026, 11, 29, 9, 0, 0).timestamp(), "test");
    BOOST_REQUIRE(registered.size() == 1u);

    AuditReport after = verifyAuditChain(store.session(), versionTwoHead);
    BOOST_TEST(after.intact, after.reason);
    BOOST_TEST(after.eventsChecked == 8);
    BOOST_TEST(after.anchorFound);  // the old head is still a link of the chain
    BOOST_TEST(after.headHash != versionTwoHead);
    // The new event's hash is in its row, computed over the old head; the old table stops growing.
    std::string stored;
    store.session() << "SELECT hash FROM events WHERE id = 8", into(stored), now;
    BOOST_TEST(stored == after.headHash);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM audit_chain") == 7);
    BOOST_TEST(count(store, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_audit_chain'") == 0);
}

BOOST_AUTO_TEST_CASE(an_old_event_changed_after_the_upgrade_is_found_at_that_event) {
    AuditReport report = verifyAfterTampering(
        {"DROP TRIGGER events_append_only_update", "UPDATE events SET actor = 'mallory' WHERE id = 3"});
    BOOST_TEST(!report.intact);
    BOOST_TEST(report.brokenAt == 3);
}

BOOST_AUTO_TEST_CASE(an_old_event_deleted_with_its_hash_left_behind_is_found) {
    AuditReport report =
        verifyAfterTampering({"DROP TRIGGER events_append_only_delete", "DELETE FROM events WHERE id = 7"});
    BOOST_TEST(!report.intact);
    BOOST_TEST(report.reason.find("event 7 was deleted") != std::string::npos, report.reason);
}

BOOST_AUTO_TEST_CASE(a_store_from_before_the_chain_gets_its_events_chained_at_the_upgrade) {
    // Back to the shape of a store written before there was a chain at all.
    tamper("DROP TRIGGER events_audit_chain");
    tamper("DROP TABLE audit_chain");
    CaseStore store(path);
    AuditReport report = verifyAuditChain(store.session());
    BOOST_TEST(report.intact, report.reason);
    BOOST_TEST(report.eventsChecked == 7);
    // The same events chained anew give the head their own grantflow computed.
    BOOST_TEST(report.headHash == versionTwoHead);
}

BOOST_AUTO_TEST_SUITE_END()
