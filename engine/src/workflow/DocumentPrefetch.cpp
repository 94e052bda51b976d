#include "DocumentPrefetch.h"

#include "BackgroundThread.h"

#include <grantflow/SafeXmlParser.h>

namespace grantflow::workflow {

DocumentPrefetch::~DocumentPrefetch() {
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
        _queue.clear();
    }
    _work.notify_one();
    if (_thread.joinable()) _thread.join();
}

void DocumentPrefetch::request(long long caseId, long long version, std::string xml) {
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_requests.size() >= _most || _requests.count(caseId)) return;
        Request& r = _requests[caseId];
        r.version = version;
        r.ticket = ++_tickets;
        r.result.xml = std::move(xml);
        _queue.emplace_back(caseId, r.ticket);
        if (!_thread.joinable()) _thread = std::thread([this] { run(); });
    }
    _work.notify_one();
}

std::optional<DocumentPrefetch::Parsed> DocumentPrefetch::take(long long caseId, long long version) {
    std::unique_lock<std::mutex> lock(_mutex);
    auto found = _requests.find(caseId);
    if (found == _requests.end()) return std::nullopt;
    if (found->second.version != version || !found->second.started) {
        // Queued: the thread skips it. Being parsed: the thread finds it gone.
        _requests.erase(found);
        return std::nullopt;
    }
    _done.wait(lock, [&] {
        auto again = _requests.find(caseId);
        return again == _requests.end() || again->second.parsed;
    });
    found = _requests.find(caseId);
    if (found == _requests.end()) return std::nullopt;
    std::optional<Parsed> result;
    if (!found->second.result.document.empty()) result = std::move(found->second.result);
    _requests.erase(found);
    return result;
}

bool DocumentPrefetch::holds(long long caseId) {
    std::lock_guard<std::mutex> lock(_mutex);
    return _requests.count(caseId) != 0;
}

bool DocumentPrefetch::full() {
    std::lock_guard<std::mutex> lock(_mutex);
    return _requests.size() >= _most;
}

void DocumentPrefetch::clear() {
    std::lock_guard<std::mutex> lock(_mutex);
    _queue.clear();
    _requests.clear();
    _done.notify_all();
}

void DocumentPrefetch::run() {
    becomeBackgroundThread("gf-prefetch");
    std::unique_lock<std::mutex> lock(_mutex);
    for (;;) {
        _work.wait(lock, [this] { return _stopping || !_queue.empty(); });
        if (_stopping) return;
        const auto [caseId, ticket] = _queue.front();
        _queue.pop_front();
        auto found = _requests.find(caseId);
        if (found == _requests.end() || found->second.ticket != ticket) continue;  // taken or cleared since
        found->second.started = true;
        std::string xml = std::move(found->second.result.xml);
        lock.unlock();
        ParseResult parsed = SafeXmlParser().parse(xml);
        lock.lock();
        found = _requests.find(caseId);
        if (found == _requests.end() || found->second.ticket != ticket) continue;
        found->second.parsed = true;
        found->second.result.xml = std::move(xml);
        found->second.result.document = std::move(parsed.document);  // empty when it did not parse
        _done.notify_all();
    }
}

}  // namespace grantflow::workflow
