// Copies a store's write-ahead log back into the database file on a thread of its
// own (a PASSIVE checkpoint every 20 milliseconds, on its own connection), so that
// the writer does little of that work inside its commits. A passive checkpoint
// takes no lock that writers or readers wait for, and one that finds nothing new to
// copy costs a read of the log's index.
//
// It cannot restart the log, though: a writer that never pauses keeps appending
// while the pass copies, so the log is never found all copied, and it would grow
// without end. The writer therefore keeps an automatic checkpoint, set far apart
// (PRAGMA wal_autocheckpoint = writerCheckpointPages): its own pass finds most of
// the log copied already, copies the rest between two of its transactions, and the
// next one starts the log from its beginning. What its pass still has to copy is
// what came in since this thread's last one: with 250 ms between passes that was a
// sixth of a busy writer's time (bench workflow, perf), with 20 ms it is little.
// Used by the server and by the benchmarks that drive cases.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace grantflow {

class WalCheckpointer {
public:
    // The writer's wal_autocheckpoint while a checkpointer runs: 32 MB of 8 KB pages.
    static constexpr int writerCheckpointPages = 4096;

    explicit WalCheckpointer(std::string databasePath,
                             std::chrono::milliseconds interval = std::chrono::milliseconds(20));
    // Stops, after one last checkpoint.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    void start();
    // Runs one last checkpoint and returns.
    void stop();

private:
    void run();
    void checkpoint();

    std::string _databasePath;
    std::chrono::milliseconds _interval;
    sqlite3* _db = nullptr;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
    std::thread _thread;
};

}  // namespace grantflow
