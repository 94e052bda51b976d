#include <grantflow/WalCheckpointer.h>

#include "BackgroundThread.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <sqlite3.h>

namespace grantflow {

WalCheckpointer::WalCheckpointer(std::string databasePath, std::chrono::milliseconds interval)
    : _databasePath(std::move(databasePath)), _interval(interval) {}

WalCheckpointer::~WalCheckpointer() { stop(); }

void WalCheckpointer::start() {
    if (_thread.joinable()) return;
    auto fail = [this](const std::string& what, const std::string& why) {
        sqlite3_close(_db);
        _db = nullptr;
        throw Poco::IOException("cannot " + what + " the store to checkpoint it: " + why, _databasePath);
    };
    if (sqlite3_open_v2(_databasePath.c_str(), &_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        fail("open", _db ? sqlite3_errmsg(_db) : "out of memory");
    sqlite3_busy_timeout(_db, 1000);
    // A connection learns that the store is in WAL mode when it first reads it; until
    // then a checkpoint is a no-op that reports success.
    if (sqlite3_exec(_db, "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr, nullptr) != SQLITE_OK)
        fail("read", sqlite3_errmsg(_db));
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
    becomeBackgroundThread("gf-checkpoint");
    std::unique_lock<std::mutex> lock(_mutex);
    while (!_stopping) {
        _wake.wait_for(lock, _interval, [&] { return _stopping; });
        lock.unlock();
        checkpoint();
        lock.lock();
    }
}

}  // namespace grantflow
