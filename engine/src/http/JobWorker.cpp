#include "http/JobWorker.h"

#include <Poco/Logger.h>

#include <chrono>
#include <ctime>
#include <thread>

namespace grantflow::http {

namespace {

// Jobs run per turn at the writer, committed together (each still all-or-nothing);
// requests wait for the writer meanwhile.
const int jobsPerRound = 16;

}  // namespace

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
            std::optional<workflow::Instant> next;
            for (;;) {
                if (_stopping) return;
                // Letters render on background threads while requests keep the writer.
                {
                    ApiContext::WriteLease writer(_context);
                    writer.engine().prepareDueJobs(jobsPerRound);
                }
                _context.writer->engine->awaitPreparation();
                ApiContext::WriteLease writer(_context);
                workflow::StepBatch batch(writer.engine());
                int ran = writer.engine().runDueJobs(jobsPerRound);
                batch.commit();
                if (ran == 0) {
                    next = writer.engine().nextJobDue();
                    break;
                }
                _context.groupCommit->noteCommit();  // synced with the next group; nobody waits for it
            }
            if (next) {
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
        // Under load every request pokes: gather the pokes of a few milliseconds into one
        // round instead of taking the write lock from the requests once per request.
        lock.unlock();
        if (!_stopping) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace grantflow::http
