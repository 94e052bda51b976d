#include "http/WalCheckpointer.h"

#include <Poco/Logger.h>

#include <chrono>

namespace grantflow::http {

void WalCheckpointer::start() {
    _stopping = false;
    _thread.start(*this);
}

void WalCheckpointer::stop() {
    if (!_thread.isRunning()) return;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_one();
    _thread.join();
}

void WalCheckpointer::checkpoint() {
    try {
        auto lease = _context.pool->acquire();
        lease->store().session() << "PRAGMA wal_checkpoint(PASSIVE)", Poco::Data::Keywords::now;
    } catch (const Poco::Exception& e) {
        // A busy or failing checkpoint is tried again next time; the log only grows meanwhile.
        Poco::Logger::get("grantflow.http").warning("checkpoint: " + e.displayText());
    }
}

void WalCheckpointer::run() {
    std::unique_lock<std::mutex> lock(_mutex);
    while (!_stopping) {
        _wake.wait_for(lock, std::chrono::milliseconds(500), [&] { return _stopping; });
        lock.unlock();
        checkpoint();
        lock.lock();
    }
}

}  // namespace grantflow::http
