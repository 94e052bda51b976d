#include "DocumentDisposal.h"

#include "BackgroundThread.h"

namespace grantflow::workflow {

DocumentDisposal::~DocumentDisposal() {
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _work.notify_one();
    if (_thread.joinable()) _thread.join();
}

void DocumentDisposal::dispose(XmlDocument document) {
    if (document.empty()) return;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_queue.size() < _backlog) {
            _queue.push_back(std::move(document));
            if (!_thread.joinable()) _thread = std::thread([this] { run(); });
        }
    }
    _work.notify_one();
    // A document the queue had no room for is freed here, as `document` goes.
}

void DocumentDisposal::run() {
    becomeBackgroundThread("gf-dispose");
    std::unique_lock<std::mutex> lock(_mutex);
    for (;;) {
        _work.wait(lock, [this] { return _stopping || !_queue.empty(); });
        std::vector<XmlDocument> batch;
        batch.swap(_queue);
        lock.unlock();
        batch.clear();
        lock.lock();
        if (_stopping && _queue.empty()) return;
    }
}

}  // namespace grantflow::workflow
