// grantflow as a service: the JSON API over HTTP (Poco::Net::HTTPServer), with
// users and roles, tokens and API keys, the job worker and timers running in
// the same process. Every route is described in engine/src/http/openapi.json,
// which the server hands out at GET /api/openapi.json.
//
// Promises:
// - every request but GET /health is authenticated and checked against the
//   role matrix; the four-eyes rule is applied to the authenticated user;
// - a bad request gets a 4xx with {"error": "...", "where": "..."}, never a 500
//   and never a hang (body and header limits, socket timeouts, a bounded queue;
//   a connection the queue has no room for is answered 503, not dropped);
// - writes from this process are serialised, so requests never wait on SQLite's
//   busy back-off among themselves; reads run in parallel (WAL);
// - stop() stops accepting, lets the requests in flight finish, then stops the
//   worker: nothing half-done is left by a SIGTERM.
#pragma once

#include <Poco/Timespan.h>

#include <memory>
#include <string>

namespace grantflow::http {

struct ApiSettings {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;           // 0: any free port (see ApiServer::port())
    std::string databasePath;             // the case store
    bool syncFull = true;                 // synchronous=FULL (power-loss safe) or NORMAL (crash safe)
    std::string dataDirectory;            // schemas/, forms/, workflows/
    std::string usersFile;                // see UserDirectory
    std::string tokenSecret;              // HS256 key, >= 32 bytes; empty: a random one per process
    Poco::Timespan tokenLifetime = Poco::Timespan(15 * 60, 0);
    std::string pluginDirectory;          // listed at GET /api/plugins; empty: none
    std::string openApiFile;              // served at GET /api/openapi.json
    std::string outcomeSchemaDirectory;   // schemas/outcomes
    std::string defaultProcess = "grant-review";
    bool startWorkflowOnSubmit = true;    // start the default process for a newly registered case
    std::size_t documentCache = 4096;     // parsed case documents the writer keeps (~35 KB each)
    std::size_t maxBodyBytes = 10 * 1024 * 1024;
    std::size_t maxHeaderBytes = 16 * 1024;
    int maxThreads = 64;                  // connections served at once (keep-alive holds one each)
    int maxQueued = 256;                  // connections waiting for a thread; more are refused
    Poco::Timespan socketTimeout = Poco::Timespan(30, 0);  // silence allowed between two bytes
    // A request head must arrive whole within requestTimeout, a body within that plus
    // its size at minUploadBytesPerSecond; a slower one gets 408 (RequestDeadlines).
    Poco::Timespan requestTimeout = Poco::Timespan(20, 0);
    std::size_t minUploadBytesPerSecond = 16 * 1024;
    Poco::Timespan keepAliveTimeout = Poco::Timespan(10, 0);
    Poco::Timespan shutdownGrace = Poco::Timespan(30, 0);
    bool runWorker = true;                // run due service tasks and timers in this process
};

class ApiServer {
public:
    // Loads the users file, opens the store and checks the settings; throws
    // Poco::Exception naming what is wrong. Does not listen yet.
    explicit ApiServer(ApiSettings settings);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // Binds and starts serving (and the worker).
    void start();
    // The port bound, once started.
    unsigned short port() const;
    // Stops accepting, waits up to shutdownGrace for requests in flight, stops the worker.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

}  // namespace grantflow::http
