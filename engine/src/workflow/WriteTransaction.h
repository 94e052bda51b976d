// One write transaction on the shared SQLite connection. Outside a transaction it
// is taken with BEGIN IMMEDIATE, so that two engine processes never both read and
// then fail to upgrade to a write lock. Inside one (a StepBatch's) it is a
// savepoint: the step is still all-or-nothing, and becomes durable when the
// enclosing transaction commits. Rolled back unless commit() is reached; a
// rollback of a step that cached a case document forgets the cached documents,
// which may hold what was undone. (A refusal caches nothing and keeps them.)
#pragma once

#include "CaseDocumentCache.h"
#include "store/StatementCache.h"

#include <Poco/Exception.h>

#include <iostream>

namespace grantflow::workflow {

class WriteTransaction {
public:
    WriteTransaction(StatementCache& sql, CaseDocumentCache& documents)
        : _sql(sql), _documents(documents), _nested(sql.inTransaction()), _putsBefore(documents.puts()) {
        _sql.execute(_nested ? "SAVEPOINT step" : "BEGIN IMMEDIATE");
    }
    ~WriteTransaction() {
        if (!_open) return;
        if (_documents.puts() != _putsBefore) _documents.clear();
        try {
            if (_nested) {
                _sql.execute("ROLLBACK TO step");
                _sql.execute("RELEASE step");
            } else if (_sql.inTransaction()) {  // SQLite may have rolled back itself (disk full, I/O error)
                _sql.execute("ROLLBACK");
            }
        } catch (const Poco::Exception& e) {
            // A destructor cannot throw; SQLite rolls back on close in any case.
            std::cerr << "grantflow: rollback failed: " << e.displayText() << "\n";
        }
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    void commit() {
        _sql.execute(_nested ? "RELEASE step" : "COMMIT");
        _open = false;
    }

private:
    StatementCache& _sql;
    CaseDocumentCache& _documents;
    bool _nested;
    unsigned long long _putsBefore;
    bool _open = true;
};

}  // namespace grantflow::workflow
