// A SQLite statement compiled once and executed many times, on the connection of
// a Poco::Data session. The registration path uses it because Poco::Data compiles
// a statement again on every execute(), which cost a third of intake's time in the
// write thread (perf, bench intake); everything else goes through Poco::Data.
#pragma once

#include <Poco/Data/Session.h>

#include <sqlite3.h>

#include <string>
#include <string_view>

namespace grantflow {

class PreparedStatement {
public:
    PreparedStatement(Poco::Data::Session& session, const char* sql);
    ~PreparedStatement();
    PreparedStatement(const PreparedStatement&) = delete;
    PreparedStatement& operator=(const PreparedStatement&) = delete;

    // Parameters are numbered from 1. Text and blobs must outlive the next step().
    PreparedStatement& bind(int index, std::string_view text);
    PreparedStatement& bindBlob(int index, std::string_view bytes);
    PreparedStatement& bind(int index, long long value);

    // Runs the statement to its first row; true if there is one. Throws
    // Poco::Data::DataException with SQLite's message on failure.
    bool step();
    // The text of column `index` (from 0) of the current row.
    std::string text(int index) const;
    // Clears the bindings and readies the statement for the next execution.
    void reset();

private:
    sqlite3* _db;
    sqlite3_stmt* _statement = nullptr;
};

}  // namespace grantflow
