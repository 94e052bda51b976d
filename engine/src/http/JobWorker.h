// Runs due service tasks and timers inside the server process: one job per
// write transaction, under the server's write lock, so requests wait at most for
// one job. Sleeps until the next job falls due, a request pokes it, or a second
// passes (another process may have added work).
#pragma once

#include "http/ApiContext.h"

#include <Poco/Runnable.h>
#include <Poco/Thread.h>

#include <atomic>

namespace grantflow::http {

class JobWorker : public Poco::Runnable {
public:
    explicit JobWorker(ApiContext& context) : _context(context) {}
    ~JobWorker() override { stop(); }

    void start();
    // Finishes the job in hand and returns.
    void stop();
    void run() override;

private:
    ApiContext& _context;
    Poco::Thread _thread{"grantflow-worker"};
    std::atomic<bool> _stopping{false};
};

}  // namespace grantflow::http
