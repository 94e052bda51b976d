// A write transaction on the store's connection that nests: BEGIN IMMEDIATE when
// no transaction is open (IMMEDIATE takes the write lock first, so two processes
// never read the same counter), else a savepoint inside the open one (a
// StepBatch, the server's group commit). Either way the work in it is
// all-or-nothing; rolled back unless commit() is reached.
#pragma once

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include <sqlite3.h>

#include <iostream>

namespace grantflow {

class StoreTransaction {
public:
    explicit StoreTransaction(Poco::Data::Session& session)
        : _session(session), _nested(sqlite3_get_autocommit(Poco::Data::SQLite::Utility::dbHandle(session)) == 0) {
        run(_nested ? "SAVEPOINT store" : "BEGIN IMMEDIATE");
    }
    ~StoreTransaction() {
        if (!_open) return;
        try {
            if (_nested) {
                run("ROLLBACK TO store");
                run("RELEASE store");
            } else {
                run("ROLLBACK");
            }
        } catch (const Poco::Exception& e) {
            // A destructor cannot throw; SQLite rolls back on close in any case.
            std::cerr << "grantflow: rollback failed: " << e.displayText() << "\n";
        }
    }
    StoreTransaction(const StoreTransaction&) = delete;
    StoreTransaction& operator=(const StoreTransaction&) = delete;

    void commit() {
        run(_nested ? "RELEASE store" : "COMMIT");
        _open = false;
    }

private:
    void run(const char* sql) { _session << sql, Poco::Data::Keywords::now; }

    Poco::Data::Session& _session;
    bool _nested;
    bool _open = true;
};

}  // namespace grantflow
