#include "http/EnginePool.h"

namespace grantflow::http {

EnginePool::EnginePool(std::string path, StoreOptions options, workflow::EngineSettings settings, std::size_t size)
    : _path(std::move(path)), _options(options), _settings(std::move(settings)), _size(size ? size : 1) {}

std::unique_ptr<EnginePool::Slot> EnginePool::open() {
    auto slot = std::make_unique<Slot>();
    slot->store = std::make_unique<CaseStore>(_path, _options);
    // Every commit by another connection empties this connection's page cache; reading the
    // file through a shared memory map instead of pread() copies makes that cheap.
    slot->store->session() << "PRAGMA mmap_size = 1073741824", Poco::Data::Keywords::now;
    slot->engine = std::make_unique<workflow::WorkflowEngine>(slot->store->session(), _settings);
    return slot;
}

std::unique_ptr<EnginePool::Lease> EnginePool::acquire() {
    std::unique_lock<std::mutex> lock(_mutex);
    _returned.wait(lock, [&] { return !_free.empty() || _opened < _size; });
    if (!_free.empty()) {
        auto slot = std::move(_free.back());
        _free.pop_back();
        return std::make_unique<Lease>(*this, std::move(slot));
    }
    ++_opened;
    lock.unlock();
    try {
        return std::make_unique<Lease>(*this, open());
    } catch (...) {
        // Opening failed: give the place back so a later request can try again, then report.
        std::lock_guard<std::mutex> relock(_mutex);
        --_opened;
        _returned.notify_one();
        throw;
    }
}

void EnginePool::openAll() {
    std::lock_guard<std::mutex> lock(_mutex);
    for (; _opened < _size; ++_opened) _free.push_back(open());
}

void EnginePool::giveBack(std::unique_ptr<Slot> slot) {
    std::lock_guard<std::mutex> lock(_mutex);
    _free.push_back(std::move(slot));
    _returned.notify_one();
}

}  // namespace grantflow::http
