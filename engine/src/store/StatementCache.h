// SQLite statements compiled once per connection and reused, on the connection of
// a Poco::Data session so that they share its transactions. Poco::Data compiles a
// statement again on every execution, which was a third of the CPU time of a
// workflow step and of registration's writer (perf, bench-workflow and
// bench-intake); the hot paths of the store and the workflow runtime go through
// here instead, everything else through Poco::Data.
//
// Promises: every statement is reset as soon as its rows have been read (or the
// Rows object goes out of scope), so none keeps a read open across a COMMIT;
// errors throw Poco::Data::DataException with SQLite's message.
#pragma once

#include <Poco/Data/Session.h>

#include <sqlite3.h>

#include <map>
#include <string>
#include <string_view>
#include <optional>
#include <unordered_map>

namespace grantflow {

// Bytes bound as a BLOB rather than as text.
struct Blob {
    std::string_view bytes;
};

class StatementCache {
public:
    explicit StatementCache(Poco::Data::Session& session);
    ~StatementCache();
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    // The rows of one execution; the statement is reset when this goes away.
    class Rows {
    public:
        Rows(sqlite3* db, sqlite3_stmt* statement) : _db(db), _statement(statement) {}
        Rows(Rows&& other) noexcept : _db(other._db), _statement(other._statement) { other._statement = nullptr; }
        ~Rows();
        Rows(const Rows&) = delete;
        Rows& operator=(const Rows&) = delete;

        bool next();  // steps to the next row; false at the end
        long long integer(int column) const { return sqlite3_column_int64(_statement, column); }
        bool isNull(int column) const { return sqlite3_column_type(_statement, column) == SQLITE_NULL; }
        std::string text(int column) const;
        std::optional<std::string> optionalText(int column) const {
            if (isNull(column)) return std::nullopt;
            return text(column);
        }

    private:
        sqlite3* _db;
        sqlite3_stmt* _statement;
    };

    template <class... Args>
    Rows query(std::string_view sql, const Args&... args) {
        sqlite3_stmt* statement = prepared(sql);
        int index = 0;
        (bind(statement, ++index, args), ...);
        return Rows(_db, statement);
    }

    template <class... Args>
    void execute(std::string_view sql, const Args&... args) {
        Rows rows = query(sql, args...);
        while (rows.next()) {
        }
    }

    // The first column of the first row, or `fallback` when there is no row.
    template <class... Args>
    long long integer(std::string_view sql, long long fallback, const Args&... args) {
        Rows rows = query(sql, args...);
        return rows.next() ? rows.integer(0) : fallback;
    }

    long long lastInsertId() const { return sqlite3_last_insert_rowid(_db); }

    // Whether a transaction is open on the connection (BEGIN without COMMIT yet).
    bool inTransaction() const { return sqlite3_get_autocommit(_db) == 0; }
    // Rows inserted, updated or deleted on this connection so far (triggers' included).
    long long totalChanges() const { return sqlite3_total_changes64(_db); }

private:
    sqlite3_stmt* prepared(std::string_view sql);
    void bind(sqlite3_stmt* statement, int index, long long value);
    void bind(sqlite3_stmt* statement, int index, long value) { bind(statement, index, static_cast<long long>(value)); }
    void bind(sqlite3_stmt* statement, int index, int value) { bind(statement, index, static_cast<long long>(value)); }
    void bind(sqlite3_stmt* statement, int index, const std::string& value);
    void bind(sqlite3_stmt* statement, int index, const char* value) { bind(statement, index, std::string(value)); }
    void bind(sqlite3_stmt* statement, int index, Blob value);

    sqlite3* _db;
    // Looked up by the caller's text as it is, mostly a literal: no string is built
    // for a lookup.
    std::map<std::string, sqlite3_stmt*, std::less<>> _statements;
    // The same texts by where the caller keeps them (a literal, a static string), so
    // that the next lookup compares one text instead of several on the way down the
    // map: many share their first few hundred bytes. A hit is checked against the
    // text, since a caller's temporary string may later hold another at that address.
    std::unordered_map<const char*, std::map<std::string, sqlite3_stmt*, std::less<>>::const_iterator> _byAddress;
};

}  // namespace grantflow
