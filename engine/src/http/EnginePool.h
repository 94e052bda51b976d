// A pool of connections to the case store, each with its workflow engine, so
// that request threads never share one SQLite connection (Poco::Data sessions
// and the engine's prepared statements are not thread-safe). A lease returns
// its connection when it goes out of scope.
#pragma once

#include <grantflow/CaseStore.h>
#include <grantflow/workflow/WorkflowEngine.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace grantflow::http {

class EnginePool {
public:
    struct Slot {
        std::unique_ptr<CaseStore> store;
        std::unique_ptr<workflow::WorkflowEngine> engine;
    };

    class Lease {
    public:
        Lease(EnginePool& pool, std::unique_ptr<Slot> slot) : _pool(pool), _slot(std::move(slot)) {}
        ~Lease() { _pool.giveBack(std::move(_slot)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        CaseStore& store() { return *_slot->store; }
        workflow::WorkflowEngine& engine() { return *_slot->engine; }

    private:
        EnginePool& _pool;
        std::unique_ptr<Slot> _slot;
    };

    // Connections are opened on demand, at most `size` of them.
    EnginePool(std::string path, StoreOptions options, workflow::EngineSettings settings, std::size_t size);

    // Waits until a connection is free.
    std::unique_ptr<Lease> acquire();
    // Opens every connection now: opening one checks the schema with a write
    // transaction, which should not happen under load.
    void openAll();
    // A connection of its own, outside the pool (the writer's).
    std::unique_ptr<Slot> open();

private:
    void giveBack(std::unique_ptr<Slot> slot);

    std::string _path;
    StoreOptions _options;
    workflow::EngineSettings _settings;
    std::size_t _size, _opened = 0;
    std::vector<std::unique_ptr<Slot>> _free;
    std::mutex _mutex;
    std::condition_variable _returned;
};

}  // namespace grantflow::http
