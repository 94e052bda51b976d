// grantflow serve: the engine as an HTTP service (JSON API, job worker, timers)
// until SIGTERM or SIGINT, after which it finishes the requests in flight and
// stops cleanly. Every setting is in forms/serve.example.properties.
#include "Command.h"

#include <grantflow/http/ApiServer.h>

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/Util/Option.h>

#include <csignal>
#include <iostream>
#include <pthread.h>
#include <unistd.h>

namespace grantflow::cli {

using Poco::Util::Option;


class ServeCommand : public Command {
public:
    ServeCommand()
        : Command("serve", "",
                  "Serves the JSON API (see GET /api/openapi.json) on 127.0.0.1:8080 unless --port or http.port "
                  "says otherwise, and runs due service tasks and timers in the same process. Users, roles and "
                  "API keys come from the users file (--users or http.users; see forms/users.example.xml). "
                  "Prints 'listening on HOST:PORT' when ready. SIGTERM or SIGINT: stops accepting, finishes the "
                  "requests in flight, then exits 0. Settings: forms/serve.example.properties.") {}

protected:
    bool createsStore() const override { return true; }
    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("port", "p", "TCP port; 0 picks a free one").argument("PORT").binding("http.port"));
        options.addOption(Option("host", "", "address to bind (default 127.0.0.1)").argument("HOST").binding("http.host"));
        options.addOption(Option("users", "u", "the users file").argument("FILE").binding("http.users"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments (see grantflow serve --help)");
            return exitUsage;
        }
        http::ApiSettings s;
        Poco::Path data(dataDirectory());
        s.host = setting("http.host", s.host);
        s.port = static_cast<unsigned short>(wholeNumber("http.port", s.port, 0, 65535));
        s.databasePath = databasePath();
        openStore();  // creates the store's folder and schema before the first request needs them
        s.syncFull = setting("store.synchronous", "full") != "normal";
        s.dataDirectory = data.toString();
        s.usersFile = setting("http.users", Poco::Path(data, "forms/users.example.xml").toString());
        s.tokenSecret = setting("http.tokenSecret", "");
        s.tokenLifetime = Poco::Timespan(wholeNumber("http.tokenMinutes", 15, 1, 24 * 60) * 60, 0);
        // The build puts the program in build/tools and the plugins in build/plugins.
        std::string besideProgram = Poco::Path(programDirectory()).parent().pushDirectory("plugins").toString();
        s.pluginDirectory = setting("plugins.dir", Poco::Environment::get("GRANTFLOW_PLUGIN_DIR", besideProgram));
        s.openApiFile = setting("http.openapi", Poco::Path(data, "engine/src/http/openapi.json").toString());
        s.outcomeSchemaDirectory = setting("workflow.outcomeSchemas", Poco::Path(data, "schemas/outcomes").toString());
        s.defaultProcess = setting("workflow.defaultProcess", s.defaultProcess);
        s.startWorkflowOnSubmit = config().getBool("http.startWorkflowOnSubmit", true);
        s.maxBodyBytes = wholeNumber("http.maxBodyBytes", s.maxBodyBytes, 1, 1LL << 32);
        s.maxHeaderBytes = wholeNumber("http.maxHeaderBytes", s.maxHeaderBytes, 1024, 1 << 20);
        s.maxThreads = static_cast<int>(wholeNumber("http.threads", s.maxThreads, 1, 4096));
        s.documentCache = wholeNumber("workflow.documentCache", s.documentCache, 0, 1 << 24);
        s.maxQueued = static_cast<int>(wholeNumber("http.queue", s.maxQueued, 1, 1 << 16));
        s.socketTimeout = seconds("http.timeoutSeconds", 30);
        s.keepAliveTimeout = seconds("http.keepAliveSeconds", 10);
        s.requestTimeout = seconds("http.requestSeconds", 20);
        s.minUploadBytesPerSecond =
            wholeNumber("http.minUploadBytesPerSecond", s.minUploadBytesPerSecond, 1, 1LL << 32);
        s.shutdownGrace = Poco::Timespan(wholeNumber("http.shutdownSeconds", 30, 0, 24 * 3600), 0);
        s.runWorker = config().getBool("http.worker", true);

        // Block the stop signals before any thread starts, so every thread inherits the
        // mask and only the sigwait below receives them (what ServerApplication does).
        sigset_t stopSignals;
        sigemptyset(&stopSignals);
        sigaddset(&stopSignals, SIGTERM);
        sigaddset(&stopSignals, SIGINT);
        pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

        noteClockFromEnvironment();
        http::ApiServer server(s);
        server.start();
        std::cout << "listening on " << s.host << ":" << server.port() << std::endl;
        int received = 0;
        sigwait(&stopSignals, &received);
        std::cerr << "grantflow serve: " << (received == SIGTERM ? "SIGTERM" : "SIGINT")
                  << ": finishing requests in flight\n";
        server.stop();
        std::cerr << "grantflow serve: stopped\n";
        return exitOk;
    }

private:
    // A number of seconds, from 1 to a day.
    Poco::Timespan seconds(const std::string& key, long fallback) const {
        return Poco::Timespan(static_cast<long>(wholeNumber(key, fallback, 1, 24 * 3600)), 0);
    }

    // The folder of the running program (argv[0] is the verb here, so not from Poco's application.dir).
    static std::string programDirectory() {
        char path[4096];
        ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
        if (length <= 0) return "./";
        return Poco::Path(std::string(path, static_cast<std::size_t>(length))).makeParent().toString();
    }
};

static RegisterCommand<ServeCommand> registered("serve", "serve the JSON API over HTTP, with the job worker");

}  // namespace grantflow::cli
