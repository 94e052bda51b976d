#include "store/StoreSchema.h"

#include "store/LegacyAuditChain.h"

#include <Poco/Data/SQLite/SQLiteException.h>

#include <chrono>
#include <thread>

namespace grantflow {

using namespace Poco::Data::Keywords;

namespace {

// Version 1: cases, their documents and case-document versions, the reference
// counters, and the event log that nothing may change or delete.
const char* const version1[] = {
    "CREATE TABLE IF NOT EXISTS reference_counters("
    "  year INTEGER PRIMARY KEY,"
    "  last INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS cases("
    "  id INTEGER PRIMARY KEY,"  // year * 1000000 + seq: the reference number as a key
    "  dnr TEXT NOT NULL UNIQUE,"
    "  year INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  registered_at TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  channel TEXT NOT NULL,"
    "  grant_id TEXT, organisation TEXT, org_number TEXT, title TEXT, kind TEXT, lang TEXT,"
    "  requested INTEGER)",
    "CREATE INDEX IF NOT EXISTS cases_by_state ON cases(state, id)",
    "CREATE TABLE IF NOT EXISTS documents("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  role TEXT NOT NULL,"  // original | letter | attachment ...
    "  name TEXT,"
    "  media_type TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  content BLOB NOT NULL,"
    "  created_at TEXT NOT NULL)",
    // The same bytes are registered once: a second submission finds the first case.
    "CREATE UNIQUE INDEX IF NOT EXISTS documents_original_sha256 ON documents(sha256) WHERE role = 'original'",
    "CREATE INDEX IF NOT EXISTS documents_by_case ON documents(case_id)",
    "CREATE TABLE IF NOT EXISTS case_versions("
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  version INTEGER NOT NULL,"
    "  xml TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  PRIMARY KEY(case_id, version))",
    "CREATE TABLE IF NOT EXISTS events("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  detail TEXT)",
    "CREATE INDEX IF NOT EXISTS events_by_case ON events(case_id, id)",
    "CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
};

// A case-document version may be stored as a change to the one before it (see
// CaseVersions): the bytes of that version's start and end it keeps, with the text
// between them in xml. Both NULL: xml is the whole text, as every row before this.
const char* const version2[] = {
    "ALTER TABLE case_versions ADD COLUMN kept_head INTEGER",
    "ALTER TABLE case_versions ADD COLUMN kept_tail INTEGER",
};

// Version 3: an event's chain hash is kept in its own row, written by the same
// INSERT (AuditChain.h), instead of by a trigger as a row of audit_chain: one row
// in one B-tree per event rather than two. The hashes already in audit_chain stay.
constexpr int currentSchemaVersion = 3;

}  // namespace

void migrateStoreSchema(Poco::Data::Session& session, bool syncFull, int busyTimeoutMs) {
    // Set through SQL so it holds for this connection whatever the session layer does.
    session << "PRAGMA busy_timeout = " + std::to_string(busyTimeoutMs), now;
    // Larger pages mean fewer WAL frames and system calls per stored document; the
    // setting only takes effect on a new, empty file, before it turns to WAL.
    session << "PRAGMA page_size = 8192", now;
    // Turning a new file to WAL needs an exclusive lock for a moment, and SQLite does
    // not wait for it when several processes open a new store at once: retry instead.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busyTimeoutMs);
    for (std::string journalMode;;) {
        try {
            session << "PRAGMA journal_mode = WAL", into(journalMode), now;
            break;
        } catch (const Poco::Data::SQLite::DBLockedException&) {
            if (std::chrono::steady_clock::now() > deadline) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    session << "PRAGMA cache_size = -32768", now;  // 32 MiB
    // Savepoints (each step of a StepBatch is one) journal the pages they change. The
    // journal stays in memory up to SQLITE_CONFIG_STMTJRNL_SPILL (set with the driver,
    // see CaseStore), in chunks that size; temp_store = MEMORY would also keep it in
    // memory, but in 1 KB chunks, a malloc for every eighth of a page.
    session << (syncFull ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"), now;
    session << "PRAGMA foreign_keys = ON", now;
    int version = 0;
    session << "PRAGMA user_version", into(version), now;
    // A newer grantflow may store things this one would misread (a version stored as a
    // change read as a whole text): it is refused rather than half understood.
    if (version > currentSchemaVersion)
        throw Poco::DataException("the store has schema version " + std::to_string(version) +
                                  ", newer than this grantflow knows (" + std::to_string(currentSchemaVersion) +
                                  "): open it with the grantflow that wrote it");
    if (version == currentSchemaVersion) return;
    session << "BEGIN IMMEDIATE", now;
    try {
        // Another process may have created the tables while this one waited for the lock.
        session << "PRAGMA user_version", into(version), now;
        if (version < 1) {
            for (const char* sql : version1) session << sql, now;
            session << "PRAGMA user_version = 1", now;
        }
        if (version < 2) {
            for (const char* sql : version2) session << sql, now;
            session << "PRAGMA user_version = 2", now;
        }
        if (version < 3) {
            retireAuditChainTrigger(session);
            session << "ALTER TABLE events ADD COLUMN hash TEXT", now;
            session << "PRAGMA user_version = 3", now;
        }
        session << "COMMIT", now;
    } catch (...) {
        session << "ROLLBACK", now;
        throw;
    }
}

}  // namespace grantflow
