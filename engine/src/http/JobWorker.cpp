#include "http/JobWorker.h"

#include <Poco/Logger.h>

#include <chrono>
#include <ctime>

namespace grantflow::http {

void JobWorker::start() {
    _stopping = false;
    _thread.start(*this);
}

void JobWorker::stop() {
    if (!_thread.isRunning()) return;
    _stopping = true;
    _context.pokeWorker();
    _thread.join();
}

void JobWorker::run() {
    Poco::Logger& logger = Poco::Logger::get("grantflow.worker");
    while (!_stopping) {
        std::chrono::milliseconds wait(1000);
        try {
            auto lease = _context.pool->acquire();
            for (;;) {
                if (_stopping) return;
                int ran;
                {
                    std::lock_guard<std::mutex> lock(_context.writeLock);
                    ran = lease->engine().runDueJobs(1);
                }
                if (ran == 0) break;
            }
            if (auto next = lease->engine().nextJobDue()) {
                // Instants are whole seconds: a job due now that did not run is retried soon.
                if (*next <= static_cast<long long>(std::time(nullptr))) wait = std::chrono::milliseconds(200);
            }
        } catch (const Poco::Exception& e) {
            // A failing store must not end the worker; it tries again after the pause.
            logger.error("job worker: " + e.displayText());
        } catch (const std::exception& e) {
            logger.error(std::string("job worker: ") + e.what());
        }
        std::unique_lock<std::mutex> lock(_context.workerMutex);
        _context.workerWake.wait_for(lock, wait, [&] { return _context.workerPoke || _stopping.load(); });
        _context.workerPoke = false;
    }
}

}  // namespace grantflow::http
