#include "store/LegacyAuditChain.h"

#include <grantflow/AuditChain.h>

#include "store/StatementCache.h"

namespace grantflow {

namespace {

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
                             rows.optionalText(5));
        sql.execute("INSERT INTO audit_chain(event_id, hash) VALUES(?, ?)", id, previous);
    }
}

}  // namespace

void retireAuditChainTrigger(Poco::Data::Session& session) {
    StatementCache sql(session);
    if (sql.integer("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'", 0) == 0) {
        for (const char* statement : createTable) sql.execute(statement);
        chainExistingEvents(sql);
    }
    // Where the trigger was dropped by hand, the events written meanwhile stay
    // without a hash, for verification to find.
    sql.execute("DROP TRIGGER IF EXISTS events_audit_chain");
}

}  // namespace grantflow
