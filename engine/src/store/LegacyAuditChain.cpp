#include "store/LegacyAuditChain.h"

#include <grantflow/AuditChain.h>

#include "store/StatementCache.h"

#include <optional>
#include <vector>

namespace grantflow {

namespace {

bool tableExists(Poco::Data::Session& session, const std::string& name) {
    std::vector<std::string> found;
    session << "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", Poco::Data::Keywords::useRef(name),
        Poco::Data::Keywords::into(found), Poco::Data::Keywords::now;
    return !found.empty();
}

const char* const createTable[] = {
    "CREATE TABLE audit_chain("
    "  event_id INTEGER PRIMARY KEY,"
    "  hash TEXT NOT NULL)",
    "CREATE TRIGGER audit_chain_append_only_update BEFORE UPDATE ON audit_chain "
    "BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END",
    "CREATE TRIGGER audit_chain_append_only_delete BEFORE DELETE ON audit_chain "
    "BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END",
};

// Chains the events stored before any chain existed, oldest first, as it reads them.
void chainExistingEvents(StatementCache& sql) {
    std::string previous;
    auto rows = sql.query("SELECT id, case_id, at, actor, kind, detail FROM events ORDER BY id");
    while (rows.next()) {
        const long long id = rows.integer(0);
        previous = auditHash(previous, id, rows.integer(1), rows.text(2), rows.text(3), rows.text(4),
                             rows.isNull(5) ? std::nullopt : std::optional<std::string>(rows.text(5)));
        sql.execute("INSERT INTO audit_chain(event_id, hash) VALUES(?, ?)", static_cast<Poco::Int64>(id), previous);
    }
}

}  // namespace

void retireAuditChainTrigger(Poco::Data::Session& session) {
    if (!tableExists(session, "audit_chain")) {
        for (const char* sql : createTable) session << sql, Poco::Data::Keywords::now;
        StatementCache sql(session);
        chainExistingEvents(sql);
    }
    // Where the trigger was dropped by hand, the events written meanwhile stay
    // without a hash, for verification to find.
    session << "DROP TRIGGER IF EXISTS events_audit_chain", Poco::Data::Keywords::now;
}

}  // namespace grantflow
