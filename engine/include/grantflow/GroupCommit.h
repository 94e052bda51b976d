// Power-loss durability for a writer at the price of one fsync per group: the
// writer commits with synchronous=NORMAL (the WAL frames reach the operating
// system, not yet the disk), and a change is reported done only after a flusher
// thread has fsynced the WAL file past its commit, while the writer goes on with
// the next. Every commit made while one fsync was running shares the next one.
// The WAL is written in order, so a synced WAL holds every earlier commit too,
// and after a power loss SQLite recovers a prefix of the commits: never one
// without those before. Used by the server (a request is answered after its
// commit is synced) and by the benchmarks with --sync full.
//
// The same guarantee as synchronous=FULL for what was reported done; what was
// not reported yet may be lost, as with FULL. Readers may briefly see commits
// that are not yet on disk.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace grantflow {

class GroupCommit {
public:
    // walPath: the store's "-wal" file. When disabled, waitDurable returns at once.
    GroupCommit(std::string walPath, bool enabled);
    ~GroupCommit();
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    bool enabled() const { return _enabled; }
    void start();
    // Syncs what is left and stops the flusher.
    void stop();

    // Called after each commit of the writer; the ticket to wait for.
    std::uint64_t noteCommit();
    // Blocks until the WAL is on disk up to ticket. Throws Poco::IOException when
    // the fsync failed: then nothing written since may be called durable.
    void waitDurable(std::uint64_t ticket);

private:
    void run();
    // fsync of the WAL file, reopened when SQLite has replaced it; false on failure.
    bool syncWal();

    std::string _walPath;
    bool _enabled;
    int _fd = -1;
    std::mutex _mutex;
    std::condition_variable _work, _done;
    std::uint64_t _written = 0, _synced = 0;
    bool _stopping = false, _failed = false;
    std::thread _thread;
};

}  // namespace grantflow
