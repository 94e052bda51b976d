#include <boost/test/unit_test.hpp>

#include "store/CaseVersions.h"

#include <grantflow/CaseStore.h>
#include <grantflow/ReferenceNumber.h>

#include <Poco/Data/DataException.h>
#include <Poco/DateTime.h>

#include "SharedIntake.h"

using namespace grantflow;
using namespace Poco::Data::Keywords;

namespace {

// A registered case whose document versions the tests write and read.
struct VersionsFixture {
    test::TempDir dir;
    CaseStore store{dir.file("cases.db")};
    StatementCache sql{store.session()};
    CaseVersions versions{sql};
    long long caseId = 0;
    std::string dnr;

    VersionsFixture() {
        CheckedApplication application = test::checkedExample("valid/02-forstudie-minimal.xml");
        dnr = store.registerApplications({&application}, Poco::DateTime(2026, 11, 29, 9, 0, 0).timestamp(), "test")
                  .front()
                  .referenceNumber;
        caseId = ReferenceNumber::parse(dnr).key();
    }

    // The document with one more child of <case>, as a workflow step adds one.
    static std::string withChild(const std::string& xml, const std::string& child) {
        std::string next = xml;
        next.insert(next.rfind("</case>"), child + "\n");
        return next;
    }

    Poco::Int64 count(const std::string& where) {
        Poco::Int64 n = 0, id = caseId;
        store.session() << "SELECT COUNT(*) FROM case_versions WHERE case_id = ? AND " + where, use(id), into(n), now;
        return n;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(CaseVersionsSuite, VersionsFixture)

BOOST_AUTO_TEST_CASE(a_version_stored_as_a_change_reads_back_byte_for_byte_and_takes_little_room) {
    const StoredCaseText first = versions.latest(caseId);
    BOOST_REQUIRE(first.version == 1);
    const std::string next =
        withChild(first.xml, "<review xmlns=\"urn:grantflow:case:1\" step=\"eligibility\" byName=\"Åsa Öberg\">"
                             "<outcome>eligible</outcome></review>");
    versions.store(caseId, 2, next, "2026-11-29T10:00:00Z", &first.xml);

    const StoredCaseText read = versions.latest(caseId);
    BOOST_TEST(read.version == 2);
    BOOST_TEST(read.xml == next);
    BOOST_TEST(store.caseDocument(dnr).value() == next);
    Poco::Int64 stored = 0, id = caseId;
    store.session() << "SELECT LENGTH(CAST(xml AS BLOB)) FROM case_versions WHERE case_id = ? AND version = 2",
        use(id), into(stored), now;
    BOOST_TEST(stored < static_cast<Poco::Int64>(next.size()) / 4, "stored " << stored << " of " << next.size());
}

BOOST_AUTO_TEST_CASE(a_change_inside_a_character_keeps_the_stored_text_whole_utf8) {
    const StoredCaseText first = versions.latest(caseId);
    const std::string withA = withChild(first.xml, "<note>Åsa</note>");  // Å is C3 85
    versions.store(caseId, 2, withA, "2026-11-29T10:00:00Z", &first.xml);
    std::string withAe = withA;
    withAe.replace(withAe.find("Åsa"), std::string("Åsa").size(), "Äsa");  // Ä is C3 84: the first byte is shared
    versions.store(caseId, 3, withAe, "2026-11-29T10:01:00Z", &withA);

    std::string between;
    Poco::Int64 id = caseId;
    store.session() << "SELECT xml FROM case_versions WHERE case_id = ? AND version = 3", use(id), into(between), now;
    BOOST_TEST(between.find("Ä") == 0u, "the change starts at the character, not inside it: " << between);
    BOOST_TEST(versions.latest(caseId).xml == withAe);
}

BOOST_AUTO_TEST_CASE(every_sixteenth_version_is_whole_so_a_read_rebuilds_from_few_changes) {
    std::string xml = versions.latest(caseId).xml;
    for (long long version = 2; version <= 20; ++version) {
        const std::string next = withChild(xml, "<step n=\"" + std::to_string(version) + "\"/>");
        versions.store(caseId, version, next, "2026-11-29T10:00:00Z", &xml);
        xml = next;
    }
    BOOST_TEST(count("kept_head IS NULL") == 2);  // versions 1 and 17
    BOOST_TEST(count("kept_head IS NULL AND version = 17") == 1);
    BOOST_TEST(versions.latest(caseId).version == 20);
    BOOST_TEST(versions.latest(caseId).xml == xml);
}

BOOST_AUTO_TEST_CASE(the_shared_start_and_end_are_found_to_the_byte_wherever_the_change_falls) {
    // The texts are compared in blocks (of 64 bytes) and then byte by byte: a change
    // on either side of a block's edge, near the start or the end, must still give
    // exactly the bytes before and after it.
    const std::string original = versions.latest(caseId).xml;
    BOOST_REQUIRE(original.size() > 1000);
    std::vector<std::size_t> offsets;
    for (std::size_t p = 0; p < 200; ++p) offsets.push_back(p);
    for (std::size_t p = original.size() - 200; p < original.size(); ++p) offsets.push_back(p);
    long long version = 1;
    int checked = 0;
    for (std::size_t p : offsets) {
        if (static_cast<unsigned char>(original[p]) >= 0x80) continue;  // only a byte that is a character
        std::string edited = original;
        edited[p] = original[p] == '#' ? '%' : '#';
        const std::string& changed = edited;
        // There and back: both versions differ from the one before only at p.
        for (const auto& [next, previous] : {std::pair{&changed, &original}, std::pair{&original, &changed}}) {
            if (++version % CaseVersions::wholeEvery == 1) ++version;  // those are stored whole
            versions.store(caseId, version, *next, "2026-11-29T10:00:00Z", previous);
            Poco::Int64 head = -1, tail = -1, id = caseId, v = version;
            store.session() << "SELECT kept_head, kept_tail FROM case_versions WHERE case_id = ? AND version = ?",
                use(id), use(v), into(head), into(tail), now;
            BOOST_TEST(head == static_cast<Poco::Int64>(p), "at " << p);
            BOOST_TEST(tail == static_cast<Poco::Int64>(original.size() - p - 1), "at " << p);
            ++checked;
        }
    }
    BOOST_TEST(checked > 600);
}

BOOST_AUTO_TEST_CASE(a_version_written_without_the_one_before_it_is_stored_whole) {
    const std::string next = withChild(versions.latest(caseId).xml, "<note>rewritten elsewhere</note>");
    versions.store(caseId, 2, next, "2026-11-29T10:00:00Z", nullptr);
    BOOST_TEST(count("version = 2 AND kept_head IS NULL") == 1);
    BOOST_TEST(versions.latest(caseId).xml == next);
}

BOOST_AUTO_TEST_CASE(a_change_to_a_version_the_store_lacks_is_refused_not_misread) {
    const StoredCaseText first = versions.latest(caseId);
    const std::string second = withChild(first.xml, "<note>two</note>");
    // Version 3 claims to change version 2, which is not there.
    versions.store(caseId, 3, withChild(second, "<note>three</note>"), "2026-11-29T10:00:00Z", &second);
    BOOST_CHECK_EXCEPTION(versions.latest(caseId), Poco::Data::DataException, [](const Poco::Exception& e) {
        return e.message().find("version 3") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(a_store_from_before_changes_is_upgraded_and_reads_its_whole_versions) {
    const std::string path = dir.file("old.db");
    std::string old;
    {
        CaseStore fresh(path);
        CheckedApplication application = test::checkedExample("valid/02-forstudie-minimal.xml");
        fresh.registerApplications({&application}, Poco::DateTime(2026, 11, 29, 9, 0, 0).timestamp(), "test");
        old = *fresh.caseDocument("GF 2026-000001");
        // Back to the shape of a store written before versions could be changes, and
        // before events carried their hashes.
        fresh.session() << "ALTER TABLE case_versions DROP COLUMN kept_head", now;
        fresh.session() << "ALTER TABLE case_versions DROP COLUMN kept_tail", now;
        fresh.session() << "ALTER TABLE events DROP COLUMN hash", now;
        fresh.session() << "DROP TABLE audit_chain", now;
        fresh.session() << "PRAGMA user_version = 1", now;
    }
    CaseStore upgraded(path);
    BOOST_TEST(upgraded.caseDocument("GF 2026-000001").value() == old);
    StatementCache upgradedSql(upgraded.session());
    CaseVersions upgradedVersions(upgradedSql);
    const std::string next = withChild(old, "<note>after the upgrade</note>");
    upgradedVersions.store(ReferenceNumber::parse("GF 2026-000001").key(), 2, next, "2026-11-29T10:00:00Z", &old);
    BOOST_TEST(upgraded.caseDocument("GF 2026-000001").value() == next);
}

BOOST_AUTO_TEST_CASE(a_store_written_by_a_newer_grantflow_is_refused_not_misread) {
    const std::string path = dir.file("newer.db");
    {
        CaseStore fresh(path);
        fresh.session() << "PRAGMA user_version = 4", now;
    }
    BOOST_CHECK_EXCEPTION(CaseStore{path}, Poco::DataException, [](const Poco::Exception& e) {
        return e.message().find("schema version 4, newer than this grantflow knows") != std::string::npos;
    });
}

BOOST_AUTO_TEST_SUITE_END()
