#include <grantflow/AuditChain.h>

#include <grantflow/ApplicationIntake.h>

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Exception.h>

#include <sqlite3.h>

#include <memory>

namespace grantflow {

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

void exec(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        throw Poco::IOException("audit chain: " + text, sql);
    }
}

struct StatementDeleter {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

StatementPtr prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
        throw Poco::IOException(std::string("audit chain: ") + sqlite3_errmsg(db), sql);
    return StatementPtr(statement);
}

std::string columnText(sqlite3_stmt* statement, int column) {
    const unsigned char* text = sqlite3_column_text(statement, column);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<std::size_t>(sqlite3_column_bytes(statement, column)))
                : std::string();
}

std::optional<std::string> columnOptional(sqlite3_stmt* statement, int column) {
    if (sqlite3_column_type(statement, column) == SQLITE_NULL) return std::nullopt;
    return columnText(statement, column);
}

bool schemaHas(sqlite3* db, const char* type, const char* name) {
    auto select = prepare(db, "SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?");
    sqlite3_bind_text(select.get(), 1, type, -1, SQLITE_STATIC);
    sqlite3_bind_text(select.get(), 2, name, -1, SQLITE_STATIC);
    return sqlite3_step(select.get()) == SQLITE_ROW;
}

bool triggerExists(sqlite3* db) { return schemaHas(db, "trigger", "events_audit_chain"); }

const char* const createChain[] = {
    "CREATE TABLE IF NOT EXISTS audit_chain("
    "  event_id INTEGER PRIMARY KEY,"
    "  hash TEXT NOT NULL)",
    // Newest hash first is one step down the primary key, so chaining stays O(log n).
    "CREATE TRIGGER IF NOT EXISTS events_audit_chain AFTER INSERT ON events BEGIN "
    "  INSERT INTO audit_chain(event_id, hash) VALUES(NEW.id, grantflow_audit_hash("
    "    (SELECT hash FROM audit_chain ORDER BY event_id DESC LIMIT 1),"
    "    NEW.id, NEW.case_id, NEW.at, NEW.actor, NEW.kind, NEW.detail)); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS audit_chain_append_only_update BEFORE UPDATE ON audit_chain "
    "BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_chain_append_only_delete BEFORE DELETE ON audit_chain "
    "BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END",
};

// Chains the events stored before the chain existed, oldest first.
void chainExistingEvents(sqlite3* db) {
    auto select = prepare(db, "SELECT id, case_id, at, actor, kind, detail FROM events ORDER BY id");
    auto insert = prepare(db, "INSERT INTO audit_chain(event_id, hash) VALUES(?, ?)");
    std::string previous;
    while (sqlite3_step(select.get()) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(select.get(), 0);
        previous = auditHash(previous, id, sqlite3_column_int64(select.get(), 1), columnText(select.get(), 2),
                             columnText(select.get(), 3), columnText(select.get(), 4), columnOptional(select.get(), 5));
        sqlite3_bind_int64(insert.get(), 1, id);
        sqlite3_bind_text(insert.get(), 2, previous.c_str(), static_cast<int>(previous.size()), SQLITE_TRANSIENT);
        if (sqlite3_step(insert.get()) != SQLITE_DONE)
            throw Poco::IOException(std::string("audit chain: ") + sqlite3_errmsg(db));
        sqlite3_reset(insert.get());
    }
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

void installAuditChain(Poco::Data::Session& session) {
    sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
    if (sqlite3_create_function_v2(db, hashFunction, 7, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, sqlAuditHash,
                                   nullptr, nullptr, nullptr) != SQLITE_OK)
        throw Poco::IOException(std::string("audit chain: cannot register the hash function: ") + sqlite3_errmsg(db));
    if (triggerExists(db)) return;
    // Check again under the write lock: another process may have installed it meanwhile.
    exec(db, "BEGIN IMMEDIATE");
    try {
        if (!triggerExists(db)) {
            // Only a brand-new chain takes in the events already there. When the table
            // exists but the trigger was dropped, the trigger comes back and the events
            // written meanwhile stay unchained, for verification to find.
            const bool newChain = !schemaHas(db, "table", "audit_chain");
            for (const char* sql : createChain) exec(db, sql);
            if (newChain) chainExistingEvents(db);
        }
        exec(db, "COMMIT");
    } catch (const Poco::Exception&) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

AuditReport verifyAuditChain(Poco::Data::Session& session) {
    sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
    // One ordered walk over events and chain rows together, so an event without a
    // hash (inserted around the engine) and a hash without an event (deleted) both show.
    auto walk = prepare(db,
                        "SELECT id, case_id, at, actor, kind, detail, hash, 1 FROM events e "
                        "  LEFT JOIN audit_chain a ON a.event_id = e.id "
                        "UNION ALL "
                        "SELECT event_id, NULL, NULL, NULL, NULL, NULL, hash, 0 FROM audit_chain a "
                        "  WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = a.event_id) "
                        "ORDER BY 1");
    AuditReport report;
    std::string previous;
    auto broken = [&](long long id, std::string reason) {
        report.intact = false;
        report.brokenAt = id;
        report.reason = std::move(reason);
    };
    int step;
    while ((step = sqlite3_step(walk.get())) == SQLITE_ROW) {
        sqlite3_stmt* row = walk.get();
        long long id = sqlite3_column_int64(row, 0);
        bool eventPresent = sqlite3_column_int(row, 7) == 1;
        std::optional<std::string> stored = columnOptional(row, 6);
        if (!eventPresent) {
            broken(id, "event " + std::to_string(id) + " was deleted: its hash is in the chain but the event is gone");
            break;
        }
        ++report.eventsChecked;
        if (!stored) {
            broken(id, "event " + std::to_string(id) + " has no hash: it was inserted around the engine");
            break;
        }
        std::string expected = auditHash(previous, id, sqlite3_column_int64(row, 1), columnText(row, 2),
                                         columnText(row, 3), columnText(row, 4), columnOptional(row, 5));
        if (expected != *stored) {
            broken(id, "event " + std::to_string(id) +
                           " does not match its hash: it, or the chain before it, was changed after it was recorded");
            break;
        }
        previous = *stored;
        report.headHash = previous;
        report.headEvent = id;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        throw Poco::IOException(std::string("audit chain: ") + sqlite3_errmsg(db));
    return report;
}

}  // namespace grantflow
