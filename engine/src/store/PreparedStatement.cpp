#include "store/PreparedStatement.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/SQLite/Utility.h>

namespace grantflow {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw Poco::Data::DataException(what + ": " + sqlite3_errmsg(db));
}

}  // namespace

PreparedStatement::PreparedStatement(Poco::Data::Session& session, const char* sql)
    : _db(Poco::Data::SQLite::Utility::dbHandle(session)) {
    if (sqlite3_prepare_v3(_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &_statement, nullptr) != SQLITE_OK)
        fail(_db, std::string("cannot prepare ") + sql);
}

PreparedStatement::~PreparedStatement() { sqlite3_finalize(_statement); }

PreparedStatement& PreparedStatement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(_statement, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC) != SQLITE_OK)
        fail(_db, "cannot bind parameter " + std::to_string(index));
    return *this;
}

PreparedStatement& PreparedStatement::bindBlob(int index, std::string_view bytes) {
    if (sqlite3_bind_blob(_statement, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC) != SQLITE_OK)
        fail(_db, "cannot bind parameter " + std::to_string(index));
    return *this;
}

PreparedStatement& PreparedStatement::bind(int index, long long value) {
    if (sqlite3_bind_int64(_statement, index, value) != SQLITE_OK)
        fail(_db, "cannot bind parameter " + std::to_string(index));
    return *this;
}

bool PreparedStatement::step() {
    int result = sqlite3_step(_statement);
    if (result == SQLITE_ROW) return true;
    if (result == SQLITE_DONE) return false;
    std::string message = sqlite3_errmsg(_db);
    sqlite3_reset(_statement);
    throw Poco::Data::DataException(message);
}

std::string PreparedStatement::text(int index) const {
    const unsigned char* value = sqlite3_column_text(_statement, index);
    return value ? reinterpret_cast<const char*>(value) : "";
}

void PreparedStatement::reset() {
    sqlite3_reset(_statement);
    sqlite3_clear_bindings(_statement);
}

}  // namespace grantflow
