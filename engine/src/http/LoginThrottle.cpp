#include "http/LoginThrottle.h"

namespace grantflow::http {

bool LoginThrottle::allowed(const std::string& user) {
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _records.find(user);
    if (found == _records.end()) return true;
    if (found->second.since.isElapsed(_window.totalMicroseconds())) {
        _records.erase(found);
        return true;
    }
    return found->second.failures < _maxFailures;
}

void LoginThrottle::failed(const std::string& user) {
    std::lock_guard<std::mutex> lock(_mutex);
    // Bounded memory however many names a guesser invents: forget the stale ones first.
    if (_records.size() > 100000) {
        for (auto it = _records.begin(); it != _records.end();)
            it = it->second.since.isElapsed(_window.totalMicroseconds()) ? _records.erase(it) : std::next(it);
        if (_records.size() > 100000) _records.clear();
    }
    Record& record = _records[user];
    if (record.failures == 0 || record.since.isElapsed(_window.totalMicroseconds())) {
        record.failures = 0;
        record.since.update();
    }
    ++record.failures;
}

void LoginThrottle::succeeded(const std::string& user) {
    std::lock_guard<std::mutex> lock(_mutex);
    _records.erase(user);
}

}  // namespace grantflow::http
