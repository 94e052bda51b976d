// What a benchmark's SQL costs on its own: StatementRecorder writes every statement a
// connection runs, with the values bound to it, to a file; replayStatements() runs
// them again, in order and alone, on a copy of the store as it was when recording
// began. For `bench workflow --replay-sql`: the replay is SQLite's share of the run
// with all of the engine's own work (XML, XPath, routing) taken away, so it bounds
// what any faster engine writing the same rows on one connection could reach.
#pragma once

#include <sqlite3.h>

#include <fstream>
#include <string>

namespace grantflow::cli {

class StatementRecorder {
public:
    // Starts recording the statements `db` runs to the file at `path` (made anew).
    // Throws Poco::FileException when the file cannot be written.
    StatementRecorder(sqlite3* db, const std::string& path);
    ~StatementRecorder();  // stops recording
    StatementRecorder(const StatementRecorder&) = delete;
    StatementRecorder& operator=(const StatementRecorder&) = delete;

    long long statements() const { return _statements; }
    // Stops recording and flushes the file; throws Poco::WriteFileException if the
    // disk filled up meanwhile.
    void finish();

private:
    static int traced(unsigned kind, void* self, void* statement, void* text);

    sqlite3* _db;
    std::string _path;
    std::ofstream _out;
    long long _statements = 0;
    bool _recording = true;
};

struct ReplaySettings {
    bool writesOnly = false;         // leave out the SELECTs
    bool withoutSavepoints = false;  // leave out each step's SAVEPOINT and RELEASE
};

struct ReplayResult {
    long long statements = 0;
    double seconds = 0;
};

// Runs the statements recorded in `logPath` on the connection `db`, each compiled once
// and bound to its recorded values, and times them. Throws Poco::DataException naming
// the statement when one fails, and Poco::DataFormatException when the log cannot be
// read back.
ReplayResult replayStatements(sqlite3* db, const std::string& logPath, const ReplaySettings& settings);

}  // namespace grantflow::cli
