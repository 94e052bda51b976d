#include <grantflow/WalCheckpointer.h>

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <sqlite3.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace grantflow {

WalCheckpointer::WalCheckpointer(std::string databasePath, std::chrono::milliseconds interval)
    : _databasePath(std::move(databasePath)), _interval(interval) {}

WalCheckpointer::~WalCheckpointer() { stop(); }

void WalCheckpointer::start() {
    if (_thread.joinable()) return;
    if (sqlite3_open_v2(_databasePath.c_str(), &_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        std::string message = _db ? sqlite3_errmsg(_db) : "out of memory";
        sqlite3_close(_db);
        _db = nullptr;
        throw Poco::IOException("cannot open the store to checkpoint it: " + message, _databasePath);
    }
    sqlite3_busy_timeout(_db, 1000);
    // A connection learns that the store is in WAL mode when it first reads it; until
    // then a checkpoint is a no-op that reports success.
    char* message = nullptr;
    if (sqlite3_exec(_db, "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        sqlite3_close(_db);
        _db = nullptr;
        throw Poco::IOException("cannot read the store to checkpoint it: " + text, _databasePath);
    }
    _stopping = false;
    _thread = std::thread([this] { run(); });
}

void WalCheckpointer::stop() {
    if (!_thread.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_one();
    _thread.join();
    sqlite3_close(_db);
    _db = nullptr;
}

void WalCheckpointer::checkpoint() {
    int rc = sqlite3_wal_checkpoint_v2(_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    // A busy or failing checkpoint is tried again next time; the log only grows meanwhile.
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        Poco::Logger::get("grantflow.store").warning(std::string("checkpoint: ") + sqlite3_errmsg(_db));
}

void WalCheckpointer::run() {
    // Copying the log back can wait; the writer, which every step waits for, comes first.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 5);
    pthread_setname_np(pthread_self(), "gf-checkpoint");  // as top and perf show it
    std::unique_lock<std::mutex> lock(_mutex);
    while (!_stopping) {
        _wake.wait_for(lock, _interval, [&] { return _stopping; });
        lock.unlock();
        checkpoint();
        lock.lock();
    }
}

}  // namespace grantflow
