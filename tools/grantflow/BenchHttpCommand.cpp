// grantflow bench-http: many loopback clients submitting applications and
// completing tasks through the real HTTP server at once, with throughput,
// latency percentiles, and a check that nothing was lost.
#include "ApplicationGenerator.h"
#include "Command.h"
#include "ResourceUsage.h"

#include <grantflow/AuditChain.h>
#include <grantflow/http/ApiServer.h>
#include <grantflow/http/UserDirectory.h>

#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/Option.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>


namespace grantflow::cli {

using Poco::Util::Option;
using Clock = std::chrono::steady_clock;

namespace {

const std::string completenessOutcome =
    "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\"><outcome>complete</outcome></review>";
const std::string eligibilityOutcome =
    "<review xmlns=\"urn:grantflow:case:1\" step=\"eligibility\"><outcome>eligible</outcome></review>";

// One keep-alive connection of one client.
class Client {
public:
    Client(unsigned short port, std::string authorizationHeader, std::string authorizationValue)
        : _session("127.0.0.1", port), _header(std::move(authorizationHeader)), _value(std::move(authorizationValue)) {
        _session.setKeepAlive(true);
        _session.setTimeout(Poco::Timespan(60, 0));
    }

    int send(const std::string& method, const std::string& path, const std::string& body, const std::string& type,
             std::string* answer = nullptr) {
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setKeepAlive(true);
        request.set(_header, _value);
        if (!type.empty()) request.setContentType(type);
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
        _session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = _session.receiveResponse(response);
        std::string text;
        Poco::StreamCopier::copyToString(in, text);
        if (answer) *answer = std::move(text);
        return response.getStatus();
    }

private:
    Poco::Net::HTTPClientSession _session;
    std::string _header, _value;
};

struct Phase {
    explicit Phase(std::string title) : name(std::move(title)) {}
    std::string name;
    std::vector<double> latencies;  // milliseconds, successful requests
    long long ok = 0, failed = 0;
    double seconds = 0, cpuSeconds = 0;  // wall time, and CPU of the whole process (server and clients)
    std::atomic<double> clientCpuSeconds{0};  // CPU of the client threads alone
    std::mutex mutex;

    void merge(const std::vector<double>& mine, long long good, long long bad) {
        std::lock_guard<std::mutex> lock(mutex);
        latencies.insert(latencies.end(), mine.begin(), mine.end());
        ok += good;
        failed += bad;
    }

    double percentile(double p) {
        if (latencies.empty()) return 0;
        std::sort(latencies.begin(), latencies.end());
        std::size_t index = static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1) + 0.5);
        return latencies[index];
    }

    void print() {
        double rate = seconds > 0 ? static_cast<double>(ok + failed) / seconds : 0;
        char line[256];
        double requests = static_cast<double>(ok + failed);
        double cpuPerRequest = requests > 0 ? cpuSeconds * 1e6 / requests : 0;
        double serverPerRequest = requests > 0 ? (cpuSeconds - clientCpuSeconds) * 1e6 / requests : 0;
        std::snprintf(line, sizeof line,
                      "%-22s %6lld ok %4lld failed %7.2f s %7.0f req/s  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms  "
                      "cpu %5.0f us/req (server %5.0f)",
                      name.c_str(), ok, failed, seconds, rate, percentile(0.50), percentile(0.99), percentile(1.0),
                      cpuPerRequest, serverPerRequest);
        std::cout << line << std::endl;
    }
};

// Runs `clients` threads, each calling work(client index) until it returns false.
template <class Work>
void runPhase(Phase& phase, int clients, Work work) {
    auto started = Clock::now();
    double cpuStarted = processCpuSeconds();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            double start = threadCpuSeconds();
            work(c);
            double used = threadCpuSeconds() - start, seen = phase.clientCpuSeconds.load();
            while (!phase.clientCpuSeconds.compare_exchange_weak(seen, seen + used)) {
            }
        });
    for (auto& t : threads) t.join();
    phase.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    phase.cpuSeconds = processCpuSeconds() - cpuStarted;
}

double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

class BenchHttpCommand : public Command {
public:
    BenchHttpCommand()
        : Command("bench-http", "",
                  "Starts the HTTP server on a free loopback port with a fresh store and drives it with many "
                  "keep-alive clients: (1) submit --count applications, (2) complete their completeness tasks, "
                  "(3) a mix: half the clients complete the eligibility tasks while the other half submit "
                  "--count more applications, (4) reads of the task inbox, (5) GET /health. Prints requests per second and "
                  "p50/p99/max latency per phase, then checks that every case and completion is in the store "
                  "and the audit chain is intact. Exit status 1 if anything was lost or refused.") {}

protected:
    bool usesStore() const override { return false; }

    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("count", "n", "applications per submitting phase (default 3000)").argument("N").binding("bench.count"));
        options.addOption(Option("clients", "c", "concurrent clients (default 16)").argument("N").binding("bench.clients"));
        options.addOption(Option("sync", "", "full (default) or normal").argument("MODE").binding("bench.sync"));
        options.addOption(Option("threads", "", "server threads (default 32)").argument("N").binding("bench.threads"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments (see grantflow bench-http --help)");
            return exitUsage;
        }
        const int count = config().getInt("bench.count", 3000);
        const int clients = std::max(2, config().getInt("bench.clients", 16));
        Poco::TemporaryFile folder;
        Poco::File(folder.path()).createDirectories();
        std::string users = Poco::Path(folder.path(), "users.xml").toString();
        http::UserDirectory::setPassword(users, "bo", "bench-password", {"handlaggare"});
        std::string key = http::UserDirectory::addApiKey(users, "bench-intake", {"registrator"});
        std::string adminKey = http::UserDirectory::addApiKey(users, "bench-admin", {"administrator"});

        http::ApiSettings s;
        s.port = 0;
        s.databasePath = Poco::Path(folder.path(), "bench.db").toString();
        s.syncFull = setting("bench.sync", "full") != "normal";
        s.dataDirectory = dataDirectory();
        s.usersFile = users;
        s.tokenSecret = "bench secret, long enough for an HS256 key";
        s.maxThreads = std::max(clients + 4, config().getInt("bench.threads", 32));
        http::ApiServer server(s);
        server.start();
        const unsigned short port = server.port();
        std::cout << "grantflow bench-http: " << clients << " clients, " << count << " applications per phase, "
                  << "synchronous=" << (s.syncFull ? "FULL" : "NORMAL") << ", port " << port << std::endl;

        std::string bpmn;
        {
            Poco::FileInputStream in(Poco::Path(Poco::Path(dataDirectory()), "workflows/grant-review.bpmn").toString());
            Poco::StreamCopier::copyToString(in, bpmn);
        }
        Client admin(port, "X-API-Key", adminKey);
        if (admin.send("POST", "/api/workflows", bpmn, "application/xml") >= 300) {
            complain("could not deploy the grant review");
            return exitRefused;
        }
        std::string tokenAnswer;
        Client login(port, "X-Nothing", "");
        login.send("POST", "/api/token", R"({"user":"bo","password":"bench-password"})", "application/json", &tokenAnswer);
        std::string token = Poco::JSON::Parser().parse(tokenAnswer).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("token");

        ApplicationGenerator generator(20261127);
        std::vector<std::string> applications(static_cast<std::size_t>(2 * count));
        for (std::size_t i = 0; i < applications.size(); ++i) applications[i] = generator.application(i);

        // (1) submissions
        Phase submit("submit applications");
        std::atomic<int> nextApplication{0};
        auto submitter = [&](Phase& phase, int limit) {
            Client client(port, "X-API-Key", key);
            std::vector<double> mine;
            long long good = 0, bad = 0;
            for (int i; (i = nextApplication.fetch_add(1)) < limit;) {
                auto start = Clock::now();
                int status = client.send("POST", "/api/applications?name=bench-" + std::to_string(i) + ".xml",
                                         applications[static_cast<std::size_t>(i)], "application/xml");
                if (status == 201) {
                    ++good;
                    mine.push_back(millisecondsSince(start));
                } else {
                    ++bad;
                }
            }
            phase.merge(mine, good, bad);
        };
        runPhase(submit, clients, [&](int) { submitter(submit, count); });
        submit.print();

        auto openTasks = [&](const std::string& step, std::size_t expected) {
            std::vector<long long> ids;
            Client reader(port, "X-API-Key", adminKey);
            for (int wait = 0; wait < 600; ++wait) {
                std::string answer;
                reader.send("GET", "/api/tasks?role=handlaggare&limit=10000", "", "", &answer);
                auto list = Poco::JSON::Parser().parse(answer).extract<Poco::JSON::Array::Ptr>();
                ids.clear();
                for (std::size_t i = 0; i < list->size(); ++i) {
                    auto task = list->getObject(static_cast<unsigned>(i));
                    if (task->getValue<std::string>("step") == step) ids.push_back(task->getValue<long long>("id"));
                }
                if (ids.size() >= expected) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the worker sends the receipts
            }
            return ids;
        };

        // (2) completions
        auto completeness = openTasks("completeness", static_cast<std::size_t>(count));
        Phase complete("complete tasks");
        std::atomic<std::size_t> nextTask{0};
        auto completer = [&](Phase& phase, const std::vector<long long>& ids, const std::string& outcome) {
            Client client(port, "Authorization", "Bearer " + token);
            std::vector<double> mine;
            long long good = 0, bad = 0;
            for (std::size_t i; (i = nextTask.fetch_add(1)) < ids.size();) {
                auto start = Clock::now();
                std::string answer;
                int status = client.send("POST", "/api/tasks/" + std::to_string(ids[i]) + "/complete", outcome,
                                         "application/xml", &answer);
                if (status == 200) {
                    ++good;
                    mine.push_back(millisecondsSince(start));
                } else {
                    if (bad++ < 3) std::cerr << "complete " << ids[i] << ": " << status << " " << answer;
                }
            }
            phase.merge(mine, good, bad);
        };
        runPhase(complete, clients, [&](int) { completer(complete, completeness, completenessOutcome); });
        complete.print();

        // (3) a mix: completions and submissions at once
        auto eligibility = openTasks("eligibility", static_cast<std::size_t>(count));
        Phase mixedComplete("mixed: complete tasks"), mixedSubmit{"mixed: submit"};
        nextTask = 0;
        nextApplication = count;
        Phase mixed("mixed: all requests");
        runPhase(mixed, clients, [&](int c) {
            if (c % 2 == 0) completer(mixedComplete, eligibility, eligibilityOutcome);
            else submitter(mixedSubmit, 2 * count);
        });
        mixedComplete.seconds = mixedSubmit.seconds = mixed.seconds;
        mixedComplete.cpuSeconds = mixedSubmit.cpuSeconds = 0;
        mixedComplete.clientCpuSeconds = mixedSubmit.clientCpuSeconds = 0;
        mixed.ok = mixedComplete.ok + mixedSubmit.ok;
        mixed.failed = mixedComplete.failed + mixedSubmit.failed;
        mixed.latencies = mixedComplete.latencies;
        mixed.latencies.insert(mixed.latencies.end(), mixedSubmit.latencies.begin(), mixedSubmit.latencies.end());
        mixedComplete.print();
        mixedSubmit.print();
        mixed.print();

        // (4) reads of the inbox
        Phase reads("read inbox (limit 20)");
        runPhase(reads, clients, [&](int) {
            Client client(port, "Authorization", "Bearer " + token);
            std::vector<double> mine;
            long long good = 0, bad = 0;
            for (int i = 0; i < count / clients; ++i) {
                auto start = Clock::now();
                if (client.send("GET", "/api/tasks?limit=20", "", "") == 200) {
                    ++good;
                    mine.push_back(millisecondsSince(start));
                } else {
                    ++bad;
                }
            }
            reads.merge(mine, good, bad);
        });
        reads.print();

        // (5) the HTTP stack alone: GET /health (one pooled connection, SELECT 1)
        Phase health("GET /health");
        runPhase(health, clients, [&](int) {
            Client client(port, "X-Nothing", "");
            std::vector<double> mine;
            long long good = 0, bad = 0;
            for (int i = 0; i < 4 * count / clients; ++i) {
                auto start = Clock::now();
                if (client.send("GET", "/health", "", "") == 200) {
                    ++good;
                    mine.push_back(millisecondsSince(start));
                } else {
                    ++bad;
                }
            }
            health.merge(mine, good, bad);
        });
        health.print();
        server.stop();

        // Nothing lost: every accepted request is in the store, and the chain holds.
        CaseStore store(s.databasePath);
        long long cases = store.caseCount();
        Poco::Int64 completed = 0;
        store.session() << "SELECT COUNT(*) FROM tasks WHERE state = 'completed'", Poco::Data::Keywords::into(completed),
            Poco::Data::Keywords::now;
        AuditReport audit = verifyAuditChain(store.session());
        long long submittedOk = submit.ok + mixedSubmit.ok, completedOk = complete.ok + mixedComplete.ok;
        std::cout << "store: " << cases << " cases (" << submittedOk << " accepted), " << completed
                  << " tasks completed (" << completedOk << " answered 200), audit chain "
                  << (audit.intact ? "intact" : "BROKEN") << " over " << audit.eventsChecked << " events" << std::endl;
        bool lost = cases != submittedOk || completed != completedOk || !audit.intact;
        bool refused = submit.failed || complete.failed || mixedComplete.failed || mixedSubmit.failed || reads.failed ||
                       health.failed;
        if (lost) complain("something was lost");
        return lost || refused ? exitRefused : exitOk;
    }
};

static RegisterCommand<BenchHttpCommand> registered("bench-http", "load benchmark of the HTTP API on loopback");

}  // namespace grantflow::cli
