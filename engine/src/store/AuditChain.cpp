#include <grantflow/AuditChain.h>

#include <grantflow/ApplicationIntake.h>

#include "store/StatementCache.h"

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Exception.h>

#include <sqlite3.h>

namespace grantflow {

// The new event's id is the last one's plus one, chosen here rather than by SQLite
// because the hash covers it; SQLite would choose the same. The last event's hash is
// in its row, or in audit_chain when it was written before schema version 3. A
// single row of VALUES, not INSERT ... SELECT: a SELECT from the table being
// written is first copied to a temporary table, which cost more than the old
// trigger. Each subquery is one step down the primary key's right edge.
const char* const appendEventSql =
    "INSERT INTO events(id, case_id, at, actor, kind, detail, hash) VALUES("
    "  (SELECT COALESCE(MAX(id), 0) + 1 FROM events), ?1, ?2, ?3, ?4, ?5,"
    "  grantflow_audit_hash("
    "    (SELECT COALESCE(e.hash, (SELECT a.hash FROM audit_chain a WHERE a.event_id = e.id))"
    "      FROM events e ORDER BY e.id DESC LIMIT 1),"
    "    (SELECT COALESCE(MAX(id), 0) + 1 FROM events), ?1, ?2, ?3, ?4, ?5))";

namespace {

const char* const hashFunction = "grantflow_audit_hash";

// The bytes an event's hash is taken over: each field length-prefixed, which keeps
// ("ab","c") and ("a","bc") apart; "N" marks SQL NULL. Hashed in one go with
// OpenSSL (sha256Hex): Poco's SHA-256 was a tenth of a workflow step's CPU time.
class HashInput {
public:
    void field(const char* bytes, std::size_t size) {
        _bytes += std::to_string(size);
        _bytes += ':';
        _bytes.append(bytes, size);
    }
    void field(const std::string& text) { field(text.data(), text.size()); }
    void null() { _bytes += 'N'; }
    std::string hash() const { return sha256Hex(_bytes); }

private:
    std::string _bytes;
};

// grantflow_audit_hash(previous, id, case_id, at, actor, kind, detail) in SQL.
void sqlAuditHash(sqlite3_context* context, int argc, sqlite3_value** argv) {
    if (argc != 7) {
        sqlite3_result_error(context, "grantflow_audit_hash takes 7 arguments", -1);
        return;
    }
    HashInput input;
    auto text = [&](int i) {
        const unsigned char* bytes = sqlite3_value_text(argv[i]);
        input.field(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(sqlite3_value_bytes(argv[i])));
    };
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        input.field("", 0);  // the first event: no previous hash
    else
        text(0);
    input.field(std::to_string(sqlite3_value_int64(argv[1])));
    input.field(std::to_string(sqlite3_value_int64(argv[2])));
    text(3);
    text(4);
    text(5);
    if (sqlite3_value_type(argv[6]) == SQLITE_NULL)
        input.null();
    else
        text(6);
    std::string hex = input.hash();
    sqlite3_result_text(context, hex.c_str(), static_cast<int>(hex.size()), SQLITE_TRANSIENT);
}

}  // namespace

std::string auditHash(const std::string& previous, long long id, long long caseId, const std::string& at,
                      const std::string& actor, const std::string& kind, const std::optional<std::string>& detail) {
    HashInput input;
    input.field(previous);
    input.field(std::to_string(id));
    input.field(std::to_string(caseId));
    input.field(at);
    input.field(actor);
    input.field(kind);
    if (detail)
        input.field(*detail);
    else
        input.null();
    return input.hash();
}

void registerAuditHash(Poco::Data::Session& session) {
    sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
    if (sqlite3_create_function_v2(db, hashFunction, 7, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, sqlAuditHash,
                                   nullptr, nullptr, nullptr) != SQLITE_OK)
        throw Poco::IOException(std::string("audit chain: cannot register the hash function: ") + sqlite3_errmsg(db));
}

AuditReport verifyAuditChain(Poco::Data::Session& session, const std::string& anchor) {
    StatementCache sql(session);
    // One ordered walk over the events with their hashes, wherever kept, and the
    // hashes of audit_chain left without their event: an event without a hash
    // (inserted around the engine), a hash without an event and a missing id
    // (deleted) all show.
    auto rows = sql.query("SELECT id, case_id, at, actor, kind, detail, COALESCE(e.hash, a.hash), 1 FROM events e "
                          "  LEFT JOIN audit_chain a ON a.event_id = e.id "
                          "UNION ALL "
                          "SELECT event_id, NULL, NULL, NULL, NULL, NULL, hash, 0 FROM audit_chain a "
                          "  WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = a.event_id) "
                          "ORDER BY 1");
    AuditReport report;
    std::string previous;
    long long previousId = 0;
    auto broken = [&](long long id, std::string reason) {
        report.intact = false;
        report.brokenAt = id;
        report.reason = std::move(reason);
    };
    while (rows.next()) {
        const long long id = rows.integer(0);
        const bool eventPresent = rows.integer(7) == 1;
        const std::optional<std::string> stored = rows.optionalText(6);
        if (!eventPresent) {
            broken(id, "event " + std::to_string(id) + " was deleted: its hash is in the chain but the event is gone");
            break;
        }
        if (previousId != 0 && id != previousId + 1) {
            broken(previousId + 1, "event " + std::to_string(previousId + 1) + " was deleted: the log goes from event " +
                                       std::to_string(previousId) + " to event " + std::to_string(id));
            break;
        }
        ++report.eventsChecked;
        if (!stored) {
            broken(id, "event " + std::to_string(id) + " has no hash: it was inserted around the engine");
            break;
        }
        const std::string expected = auditHash(previous, id, rows.integer(1), rows.text(2), rows.text(3),
                                               rows.text(4), rows.optionalText(5));
        if (expected != *stored) {
            broken(id, "event " + std::to_string(id) +
                           " does not match its hash: it, or the chain before it, was changed after it was recorded");
            break;
        }
        previous = *stored;
        previousId = id;
        report.headHash = previous;
        report.headEvent = id;
        if (previous == anchor) report.anchorFound = true;
    }
    return report;
}

}  // namespace grantflow
