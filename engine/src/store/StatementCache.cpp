#include "store/StatementCache.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/SQLite/Utility.h>

namespace grantflow {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw Poco::Data::DataException(what + ": " + sqlite3_errmsg(db));
}

}  // namespace

StatementCache::StatementCache(Poco::Data::Session& session)
    : _db(Poco::Data::SQLite::Utility::dbHandle(session)) {}

StatementCache::~StatementCache() {
    for (auto& [sql, statement] : _statements) sqlite3_finalize(statement);
}

sqlite3_stmt* StatementCache::prepared(std::string_view sql) {
    if (auto seen = _byAddress.find(sql.data()); seen != _byAddress.end() && seen->second->first == sql)
        return seen->second->second;
    auto found = _statements.find(sql);
    if (found == _statements.end()) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v3(_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement,
                               nullptr) != SQLITE_OK)
            fail(_db, "cannot prepare " + std::string(sql));
        found = _statements.emplace(std::string(sql), statement).first;
    }
    // Temporaries come and go at new addresses: the index starts again rather than grow.
    if (_byAddress.size() > 4 * _statements.size() + 64) _byAddress.clear();
    _byAddress[sql.data()] = found;
    return found->second;
}

void StatementCache::bind(sqlite3_stmt* statement, int index, long long value) {
    if (sqlite3_bind_int64(statement, index, value) != SQLITE_OK) fail(_db, "cannot bind parameter");
}

void StatementCache::bind(sqlite3_stmt* statement, int index, const std::string& value) {
    if (sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(_db, "cannot bind parameter");
}

void StatementCache::bind(sqlite3_stmt* statement, int index, Blob value) {
    if (sqlite3_bind_blob(statement, index, value.bytes.data(), static_cast<int>(value.bytes.size()), SQLITE_TRANSIENT) !=
        SQLITE_OK)
        fail(_db, "cannot bind parameter");
}

StatementCache::Rows::~Rows() {
    if (_statement) {
        sqlite3_reset(_statement);
        sqlite3_clear_bindings(_statement);
    }
}

bool StatementCache::Rows::next() {
    int result = sqlite3_step(_statement);
    if (result == SQLITE_ROW) return true;
    if (result == SQLITE_DONE) return false;
    std::string message = sqlite3_errmsg(_db);
    sqlite3_reset(_statement);
    throw Poco::Data::DataException(message);
}

std::string StatementCache::Rows::text(int column) const {
    const unsigned char* value = sqlite3_column_text(_statement, column);
    return value ? std::string(reinterpret_cast<const char*>(value),
                               static_cast<std::size_t>(sqlite3_column_bytes(_statement, column)))
                 : std::string();
}

}  // namespace grantflow
