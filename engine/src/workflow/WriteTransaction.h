// One write transaction on the shared SQLite connection, taken with BEGIN IMMEDIATE
// so that two engine processes never both read and then fail to upgrade to a
// write lock. Rolled back unless commit() is reached.
#pragma once

#include "StatementCache.h"

#include <Poco/Exception.h>

#include <iostream>

namespace grantflow::workflow {

class WriteTransaction {
public:
    explicit WriteTransaction(StatementCache& sql) : _sql(sql) { _sql.execute("BEGIN IMMEDIATE"); }
    ~WriteTransaction() {
        if (_open) {
            try {
                _sql.execute("ROLLBACK");
            } catch (const Poco::Exception& e) {
                // A destructor cannot throw; SQLite rolls back on close in any case.
                std::cerr << "grantflow: rollback failed: " << e.displayText() << "\n";
            }
        }
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    void commit() {
        _sql.execute("COMMIT");
        _open = false;
    }

private:
    StatementCache& _sql;
    bool _open = true;
};

}  // namespace grantflow::workflow
