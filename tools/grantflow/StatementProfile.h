// Where a benchmark's SQL time goes, statement by statement: while attached to a
// connection, SQLite reports the time of every statement it finishes, and this adds
// them up by the statement's text. For `bench workflow --sql-profile`; it costs a
// lookup per statement, so plain runs leave it off.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <ostream>
#include <string>

namespace grantflow::cli {

class StatementProfile {
public:
    explicit StatementProfile(sqlite3* db);
    ~StatementProfile();  // detaches
    StatementProfile(const StatementProfile&) = delete;
    StatementProfile& operator=(const StatementProfile&) = delete;

    // The total, the time per case, and the `top` statements that took longest.
    void report(std::ostream& out, std::size_t cases, std::size_t top) const;

private:
    struct Totals {
        std::uint64_t runs = 0;
        std::uint64_t nanoseconds = 0;
    };
    static int traced(unsigned kind, void* self, void* statement, void* nanoseconds);

    sqlite3* _db;
    std::map<std::string, Totals, std::less<>> _bySql;
};

}  // namespace grantflow::cli
