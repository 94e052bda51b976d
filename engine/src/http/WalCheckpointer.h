// Copies the write-ahead log back into the database file in the background
// (a PASSIVE checkpoint twice a second), so that the server's writer, whose own
// automatic checkpoints are turned off, never does that work inside a request.
// A passive checkpoint takes no lock that writers or readers wait for.
#pragma once

#include "http/ApiContext.h"

#include <Poco/Runnable.h>
#include <Poco/Thread.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace grantflow::http {

class WalCheckpointer : public Poco::Runnable {
public:
    explicit WalCheckpointer(ApiContext& context) : _context(context) {}
    ~WalCheckpointer() override { stop(); }

    void start();
    // Runs one last checkpoint and returns.
    void stop();
    void run() override;

private:
    void checkpoint();

    ApiContext& _context;
    Poco::Thread _thread{"grantflow-checkpoint"};
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
};

}  // namespace grantflow::http
