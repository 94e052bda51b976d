// What every request handler of one server shares: the settings, who may come
// in, the intake, the store connections, the write lock, the metrics, and what
// was read once at start (plugins, the OpenAPI file).
#pragma once

#include <grantflow/ApplicationIntake.h>
#include <grantflow/GroupCommit.h>
#include <grantflow/PaperIntake.h>
#include <grantflow/http/ApiServer.h>
#include <grantflow/http/TokenIssuer.h>
#include <grantflow/http/UserDirectory.h>
#include <grantflow/plugin/PluginHost.h>
#include <grantflow/workflow/LetterServiceBinding.h>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include "http/ApiMetrics.h"
#include "http/EnginePool.h"
#include "http/LoginThrottle.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

namespace grantflow::http {

struct ApiContext {
    ApiSettings settings;
    UserDirectory users;
    std::unique_ptr<TokenIssuer> tokens;
    LoginThrottle logins;
    std::unique_ptr<ApplicationIntake> intake;
    std::unique_ptr<PaperIntake> paperIntake;  // null when the PDF reader is not available
    std::string paperIntakeProblem;            // why not
    std::unique_ptr<EnginePool> pool;  // for reads
    // Every write of this process goes through one connection, one at a time:
    // SQLite allows one writer anyway, waiting here is a queue where SQLite's busy
    // handler would sleep and retry, and a connection that only sees its own
    // writes keeps its page cache warm (another connection's commit empties it).
    std::mutex writeLock;
    std::unique_ptr<EnginePool::Slot> writer;

    // The writer connection, held for as long as the returned lease lives.
    class WriteLease {
    public:
        explicit WriteLease(ApiContext& context) : _lock(context.writeLock), _slot(*context.writer) {}
        CaseStore& store() { return *_slot.store; }
        workflow::WorkflowEngine& engine() { return *_slot.engine; }

    private:
        std::lock_guard<std::mutex> _lock;
        EnginePool::Slot& _slot;
    };
    std::unique_ptr<GroupCommit> groupCommit;

    // Runs work(WriteLease&) on the writer and waits until what it wrote is on disk
    // (GroupCommit); returns work's result or throws what it threw. Writes asked for
    // at the same time share one transaction (combine()), each still all-or-nothing.
    template <class Work>
    auto write(Work&& work) {
        using Result = std::decay_t<decltype(work(std::declval<WriteLease&>()))>;
        std::optional<Result> result;
        PendingWrite item;
        item.run = [&](WriteLease& writer) { result.emplace(work(writer)); };
        combine(item);
        if (item.error) std::rethrow_exception(item.error);
        groupCommit->waitDurable(item.ticket);
        return std::move(*result);
    }

    // Group commit of the writes themselves: the first request to find the writer
    // idle takes every write waiting, runs each as a unit of one StepBatch on the
    // writer connection and commits them together, while the others wait; one
    // commit then writes the pages they share once, instead of once per request.
    // A write that throws is undone alone. Returns when `item` is committed (or failed).
    struct PendingWrite {
        std::function<void(WriteLease&)> run;
        std::exception_ptr error;
        std::uint64_t ticket = 0;
        bool done = false;
        std::condition_variable wake;  // done, or the writer is free for a new leader
    };
    void combine(PendingWrite& item);
    std::mutex combineMutex;
    std::vector<PendingWrite*> pendingWrites;
    bool combining = false;

    ApiMetrics metrics;
    std::vector<plugin::PluginReport> plugins;
    // Declared after the writer, so destroyed before it: the binding renders the
    // writer's letter tasks with a service of the host.
    std::unique_ptr<plugin::PluginHost> pluginHost;
    Poco::AutoPtr<Poco::Util::MapConfiguration> pluginConfiguration = new Poco::Util::MapConfiguration;
    std::unique_ptr<workflow::LetterServiceBinding> letters;
    std::string openApi;
    std::atomic<int> inFlight{0};

    // The worker sleeps until told that a step may have made a job due.
    std::mutex workerMutex;
    std::condition_variable workerWake;
    bool workerPoke = false;
    void pokeWorker() {
        {
            std::lock_guard<std::mutex> lock(workerMutex);
            workerPoke = true;
        }
        workerWake.notify_one();
    }
};

}  // namespace grantflow::http
