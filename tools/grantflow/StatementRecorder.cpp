#include "StatementRecorder.h"

#include <Poco/Data/DataException.h>
#include <Poco/Exception.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace grantflow::cli {

// The log holds, for each statement, its text as compiled and its text with the bound
// values written in (sqlite3_expanded_sql), each as a 4-byte length and the bytes.
// SQLite writes the values in one fixed way (NULL, integers, reals, 'text' with ''
// for a quote, x'hex'), so they can be read back at the template's parameters.

StatementRecorder::StatementRecorder(sqlite3* db, const std::string& path)
    : _db(db), _path(path), _out(path, std::ios::binary | std::ios::trunc) {
    if (!_out) throw Poco::FileException("cannot write the statement log", path);
    sqlite3_trace_v2(_db, SQLITE_TRACE_STMT, &StatementRecorder::traced, this);
}

StatementRecorder::~StatementRecorder() {
    if (_recording) sqlite3_trace_v2(_db, 0, nullptr, nullptr);
}

void StatementRecorder::finish() {
    sqlite3_trace_v2(_db, 0, nullptr, nullptr);
    _recording = false;
    _out.flush();
    if (!_out) throw Poco::WriteFileException("the statement log is incomplete (disk full?)", _path);
}

namespace {

void writeText(std::ofstream& out, const char* text) {
    const std::uint32_t size = text ? static_cast<std::uint32_t>(std::char_traits<char>::length(text)) : 0;
    out.write(reinterpret_cast<const char*>(&size), sizeof size);
    if (size) out.write(text, size);
}

bool readText(std::ifstream& in, std::string& text) {
    std::uint32_t size = 0;
    if (!in.read(reinterpret_cast<char*>(&size), sizeof size)) return false;
    text.resize(size);
    return size == 0 || static_cast<bool>(in.read(text.data(), size));
}

}  // namespace

int StatementRecorder::traced(unsigned, void* self, void* statement, void* text) {
    // A trigger's statements are reported as comments; they run again by themselves.
    const char* reported = static_cast<const char*>(text);
    if (reported && reported[0] == '-' && reported[1] == '-') return 0;
    auto* recorder = static_cast<StatementRecorder*>(self);
    auto* compiled = static_cast<sqlite3_stmt*>(statement);
    std::unique_ptr<char, decltype(&sqlite3_free)> expanded(sqlite3_expanded_sql(compiled), &sqlite3_free);
    writeText(recorder->_out, sqlite3_sql(compiled));
    writeText(recorder->_out, expanded.get());
    ++recorder->_statements;
    return 0;
}

namespace {

struct Value {
    int type = SQLITE_NULL;
    long long integer = 0;
    double real = 0;
    std::string bytes;  // text or blob
};

struct Recorded {
    std::string sql;
    std::vector<Value> values;
};

// Reads the literal SQLite wrote for one bound value at `at` of `expanded`.
Value readLiteral(const std::string& expanded, std::size_t& at) {
    Value v;
    if (expanded.compare(at, 4, "NULL") == 0) {
        at += 4;
    } else if (expanded[at] == '\'') {
        v.type = SQLITE_TEXT;
        for (++at; at < expanded.size(); ++at) {
            if (expanded[at] != '\'') {
                v.bytes += expanded[at];
            } else if (at + 1 < expanded.size() && expanded[at + 1] == '\'') {
                v.bytes += '\'';
                ++at;
            } else {
                ++at;
                break;
            }
        }
    } else if (expanded[at] == 'x' || expanded[at] == 'X') {
        v.type = SQLITE_BLOB;
        for (at += 2; at + 1 < expanded.size() && expanded[at] != '\''; at += 2)
            v.bytes += static_cast<char>(std::stoi(expanded.substr(at, 2), nullptr, 16));
        ++at;
    } else {
        std::size_t end = at;
        bool real = false;
        while (end < expanded.size() && (std::isdigit(static_cast<unsigned char>(expanded[end])) ||
                                         std::string_view("-+.eE").find(expanded[end]) != std::string_view::npos)) {
            real = real || expanded[end] == '.' || expanded[end] == 'e' || expanded[end] == 'E';
            ++end;
        }
        if (end == at) throw Poco::DataFormatException("no value where a parameter was bound", expanded);
        v.type = real ? SQLITE_FLOAT : SQLITE_INTEGER;
        if (real)
            v.real = std::stod(expanded.substr(at, end - at));
        else
            v.integer = std::stoll(expanded.substr(at, end - at));
        at = end;
    }
    return v;
}

// Walks the statement's text and its expansion side by side, reading a value at each
// parameter (? or ?NNN). The template's own 'literals' are passed over whole, so a
// question mark inside one is not taken for a parameter.
std::vector<Value> boundValues(const std::string& sql, const std::string& expanded) {
    std::vector<Value> values;
    std::size_t i = 0, j = 0;
    while (i < sql.size()) {
        if (sql[i] == '\'') {
            std::size_t end = i + 1;
            while (end < sql.size() && !(sql[end] == '\'' && (end + 1 == sql.size() || sql[end + 1] != '\'')))
                end += sql[end] == '\'' ? 2 : 1;
            j += end + 1 - i;
            i = end + 1;
        } else if (sql[i] == '?') {
            for (++i; i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i])); ++i) {
            }
            values.push_back(readLiteral(expanded, j));
        } else {
            ++i;
            ++j;
        }
    }
    if (j != expanded.size()) throw Poco::DataFormatException("the recorded values do not fit the statement", sql);
    return values;
}

// The savepoint each step of a batch takes (WriteTransaction names it "step").
bool isSavepointOfStep(const std::string& sql) { return sql == "SAVEPOINT step" || sql == "RELEASE step"; }

class CompiledStatements {
public:
    explicit CompiledStatements(sqlite3* db) : _db(db) {}
    ~CompiledStatements() {
        for (auto& [sql, statement] : _bySql) sqlite3_finalize(statement);
    }
    CompiledStatements(const CompiledStatements&) = delete;
    CompiledStatements& operator=(const CompiledStatements&) = delete;

    void run(const Recorded& r) {
        sqlite3_stmt*& statement = _bySql[r.sql];
        if (!statement && sqlite3_prepare_v3(_db, r.sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
                              SQLITE_OK)
            throw Poco::Data::DataException(std::string("replay: ") + sqlite3_errmsg(_db), r.sql);
        int index = 0;
        for (const Value& v : r.values) {
            ++index;
            const int size = static_cast<int>(v.bytes.size());
            switch (v.type) {
                case SQLITE_INTEGER: sqlite3_bind_int64(statement, index, v.integer); break;
                case SQLITE_FLOAT: sqlite3_bind_double(statement, index, v.real); break;
                case SQLITE_TEXT: sqlite3_bind_text(statement, index, v.bytes.data(), size, SQLITE_STATIC); break;
                case SQLITE_BLOB: sqlite3_bind_blob(statement, index, v.bytes.data(), size, SQLITE_STATIC); break;
                default: sqlite3_bind_null(statement, index); break;
            }
        }
        int rc;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        }
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        if (rc != SQLITE_DONE) throw Poco::Data::DataException(std::string("replay: ") + sqlite3_errmsg(_db), r.sql);
    }

private:
    sqlite3* _db;
    std::map<std::string, sqlite3_stmt*, std::less<>> _bySql;
};

}  // namespace

ReplayResult replayStatements(sqlite3* db, const std::string& logPath, const ReplaySettings& settings) {
    std::ifstream in(logPath, std::ios::binary);
    if (!in) throw Poco::FileNotFoundException("the statement log", logPath);
    CompiledStatements compiled(db);
    ReplayResult result;
    // Read and parsed a chunk at a time, outside the clock: only SQLite's work is timed,
    // and memory stays bounded however long the run was.
    constexpr std::size_t chunk = 100000;
    std::vector<Recorded> pending;
    std::string sql, expanded;
    for (bool more = true; more;) {
        pending.clear();
        while (pending.size() < chunk && (more = readText(in, sql))) {
            if (!readText(in, expanded)) throw Poco::DataFormatException("the statement log ends mid-record", logPath);
            if (settings.writesOnly && sql.compare(0, 6, "SELECT") == 0) continue;
            if (settings.withoutSavepoints && isSavepointOfStep(sql)) continue;
            pending.push_back({sql, boundValues(sql, expanded)});
        }
        const auto started = std::chrono::steady_clock::now();
        for (const Recorded& r : pending) compiled.run(r);
        result.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        result.statements += static_cast<long long>(pending.size());
    }
    return result;
}

}  // namespace grantflow::cli
