// One write transaction on the shared SQLite session, taken with BEGIN IMMEDIATE
// so that two engine processes never both read and then fail to upgrade to a
// write lock. Rolled back unless commit() is reached.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include <iostream>

namespace grantflow::workflow {

class WriteTransaction {
public:
    explicit WriteTransaction(Poco::Data::Session& session) : _session(session) {
        using namespace Poco::Data::Keywords;
        _session << "BEGIN IMMEDIATE", now;
    }
    ~WriteTransaction() {
        if (_open) {
            try {
                using namespace Poco::Data::Keywords;
                _session << "ROLLBACK", now;
            } catch (const Poco::Exception& e) {
                // A destructor cannot throw; SQLite rolls back on close in any case.
                std::cerr << "grantflow: rollback failed: " << e.displayText() << "\n";
            }
        }
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    void commit() {
        using namespace Poco::Data::Keywords;
        _session << "COMMIT", now;
        _open = false;
    }

private:
    Poco::Data::Session& _session;
    bool _open = true;
};

}  // namespace grantflow::workflow
