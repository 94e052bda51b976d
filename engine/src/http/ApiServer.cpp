#include <grantflow/http/ApiServer.h>

#include <grantflow/GrantCatalog.h>
#include <grantflow/WalCheckpointer.h>

#include "http/ApiConnection.h"
#include "http/ApiContext.h"
#include "http/ApiRequestHandler.h"
#include "http/JobWorker.h"
#include "http/QueueFullRefusal.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>
#include <Poco/ThreadPool.h>

#include <openssl/rand.h>

#include <algorithm>
#include <set>

namespace grantflow::http {

namespace {

class ApiHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit ApiHandlerFactory(ApiContext& context) : _context(context) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new ApiRequestHandler(_context);
    }

private:
    ApiContext& _context;
};

std::string randomSecret() {
    unsigned char bytes[48];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw Poco::SystemException("no random bytes for a token secret");
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

// The users file decides the roles of the people it names, and their full names
// where it gives them; the workflow engine checks candidates against its own
// table and stamps outcomes with the names it holds, so both are brought in line.
void syncRoles(workflow::WorkflowEngine& engine, const UserDirectory& users) {
    auto everyone = users.people();
    for (const Principal& system : users.systems()) everyone.push_back(system);
    for (const Principal& person : everyone) {
        std::set<std::string> wanted(person.roles.begin(), person.roles.end());
        auto held = engine.rolesOf(person.name);
        for (const auto& role : held)
            if (!wanted.count(role)) engine.revokeRole(person.name, role);
        for (const auto& role : wanted)
            if (std::find(held.begin(), held.end(), role) == held.end()) engine.grantRole(person.name, role);
        if (!person.fullName.empty() && engine.fullName(person.name) != person.fullName)
            engine.setFullName(person.name, person.fullName);
    }
}

}  // namespace

struct ApiServer::Impl {
    ApiContext context;
    std::unique_ptr<Poco::ThreadPool> threads;
    std::shared_ptr<StopSignal> stopping = std::make_shared<StopSignal>();
    std::shared_ptr<RequestDeadlines> deadlines;
    std::unique_ptr<Poco::Net::TCPServer> server;
    std::unique_ptr<JobWorker> worker;
    std::unique_ptr<WalCheckpointer> checkpointer;
    unsigned short port = 0;
    bool running = false;
};

ApiServer::ApiServer(ApiSettings settings) : _impl(std::make_unique<Impl>()) {
    ApiContext& c = _impl->context;
    c.settings = std::move(settings);
    const ApiSettings& s = c.settings;
    if (s.databasePath.empty()) throw Poco::InvalidArgumentException("no case store configured");
    c.users = UserDirectory::load(s.usersFile);
    if (s.tokenSecret.empty())
        Poco::Logger::get("grantflow.http")
            .warning("no token secret configured (http.tokenSecret): tokens will not survive a restart");
    c.tokens = std::make_unique<TokenIssuer>(s.tokenSecret.empty() ? randomSecret() : s.tokenSecret, s.tokenLifetime);

    Poco::Path data(s.dataDirectory);
    IntakeSettings intake;
    intake.schemaPath = Poco::Path(data, "schemas/application.xsd").toString();
    intake.limits.maxBytes = s.maxBodyBytes;
    intake.knownGrants = GrantCatalog::load(Poco::Path(data, "forms/grants.xml").toString()).ids();
    c.intake = std::make_unique<ApplicationIntake>(intake);
    try {
        c.paperIntake = std::make_unique<PaperIntake>(*c.intake, PaperIntakeSettings::forDataDirectory(s.dataDirectory));
    } catch (const Poco::Exception& e) {
        c.paperIntakeProblem = e.displayText();
        Poco::Logger::get("grantflow.http").warning("PDF intake unavailable: " + c.paperIntakeProblem);
    }

    workflow::EngineSettings engine;
    engine.outcomeSchemaDirectory = s.outcomeSchemaDirectory.empty()
                                        ? Poco::Path(data, "schemas/outcomes").toString()
                                        : s.outcomeSchemaDirectory;
    engine.defaultProcess = s.defaultProcess;
    engine.documentCacheSize = s.documentCache;
    StoreOptions store;
    store.syncFull = s.syncFull;
    // One connection per request thread, and one for the worker and one for metrics.
    c.pool = std::make_unique<EnginePool>(s.databasePath, store, engine, static_cast<std::size_t>(s.maxThreads) + 2);
    c.writer = c.pool->open();
    c.groupCommit = std::make_unique<GroupCommit>(s.databasePath + "-wal", s.syncFull);
    // With group commit the writer leaves the fsync to the flusher (see GroupCommit).
    if (s.syncFull) c.writer->store->session() << "PRAGMA synchronous = NORMAL", Poco::Data::Keywords::now;
    // The checkpointer does this work off the request path (see WalCheckpointer).
    c.writer->store->session() << "PRAGMA wal_autocheckpoint = " +
                                      std::to_string(WalCheckpointer::writerCheckpointPages),
        Poco::Data::Keywords::now;
    c.pool->openAll();
    {
        ApiContext::WriteLease writer(c);
        syncRoles(writer.engine(), c.users);
    }

    if (!s.pluginDirectory.empty()) {
        c.pluginHost = std::make_unique<plugin::PluginHost>(Poco::Logger::get("grantflow.plugins"));
        c.plugins = c.pluginHost->loadFolder(s.pluginDirectory);
        // The worker's letter tasks render PDFs when the letter plugin is there; without
        // it they record the request, as the built-in service does.
        c.pluginConfiguration->setString("grantflow.dataDir", s.dataDirectory);
        try {
            c.letters = std::make_unique<workflow::LetterServiceBinding>(*c.pluginHost, *c.pluginConfiguration,
                                                                         *c.writer->store);
            c.letters->install(c.writer->engine->services());
        } catch (const Poco::NotFoundException& e) {
            Poco::Logger::get("grantflow.http").warning("letters are recorded, not rendered: " + e.displayText());
        }
    }
    if (!s.openApiFile.empty()) c.openApi = readFile(s.openApiFile);
    else c.openApi = "{}";
}

ApiServer::~ApiServer() { stop(); }

void ApiServer::start() {
    if (_impl->running) return;
    const ApiSettings& s = _impl->context.settings;
    // Counted references: the connection factory and the TCP server each hold one.
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setServerName("grantflow");
    params->setSoftwareVersion("grantflow/0.1");
    params->setMaxThreads(s.maxThreads);
    params->setMaxQueued(s.maxQueued);
    params->setTimeout(s.socketTimeout);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(s.keepAliveTimeout);
    params->setMaxKeepAliveRequests(0);  // unlimited: a client may keep its connection
    params->setThreadIdleTime(Poco::Timespan(60, 0));

    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(s.host, s.port), true);
    socket.listen(std::max(64, s.maxQueued));
    _impl->port = socket.address().port();
    _impl->threads = std::make_unique<Poco::ThreadPool>("grantflow-http", 2, s.maxThreads + 1);
    _impl->deadlines = std::make_shared<RequestDeadlines>(s.requestTimeout, s.minUploadBytesPerSecond, s.maxBodyBytes);
    _impl->server = std::make_unique<Poco::Net::TCPServer>(
        new ApiConnectionFactory(params, new ApiHandlerFactory(_impl->context), _impl->stopping, _impl->deadlines),
        *_impl->threads, socket, params);
    _impl->server->setConnectionFilter(new QueueFullRefusal(*_impl->server, params));
    _impl->server->start();
    _impl->context.groupCommit->start();
    _impl->checkpointer = std::make_unique<WalCheckpointer>(s.databasePath);
    _impl->checkpointer->start();
    if (s.runWorker) {
        _impl->worker = std::make_unique<JobWorker>(_impl->context);
        _impl->worker->start();
    }
    _impl->running = true;
}

unsigned short ApiServer::port() const { return _impl->port; }

void ApiServer::stop() {
    if (!_impl->running) return;
    _impl->running = false;
    ApiContext& c = _impl->context;
    // No new connections, and no new requests on the open ones once their current one is answered.
    _impl->server->stop();
    _impl->stopping->notify(this, false);
    Poco::Timestamp started;
    while (c.inFlight > 0 && !started.isElapsed(c.settings.shutdownGrace.totalMicroseconds())) Poco::Thread::sleep(10);
    // What is left are idle keep-alive connections: close them instead of waiting for their timeout.
    _impl->stopping->notify(this, true);
    if (_impl->worker) _impl->worker->stop();
    _impl->checkpointer->stop();
    c.groupCommit->stop();
    _impl->threads->joinAll();
    _impl->server.reset();
    _impl->threads.reset();
    _impl->deadlines.reset();
}

}  // namespace grantflow::http
