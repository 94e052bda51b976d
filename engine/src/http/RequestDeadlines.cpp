#include "http/RequestDeadlines.h"

#include <Poco/Exception.h>

#include <pthread.h>

#include <algorithm>
#include <chrono>

namespace grantflow::http {

namespace {

thread_local const RequestDeadlines::Watch* watchOfThisThread = nullptr;

// How often the watch thread looks: a late request is cut off at most this much late.
constexpr auto watchInterval = std::chrono::milliseconds(100);

}  // namespace

RequestDeadlines::RequestDeadlines(Poco::Timespan allowance, std::size_t minBytesPerSecond, std::size_t maxBodyBytes)
    : _allowance(allowance),
      _minBytesPerSecond(std::max<std::size_t>(minBytesPerSecond, 1)),
      _maxBodyBytes(maxBodyBytes) {
    _thread = std::thread([this] { run(); });
}

RequestDeadlines::~RequestDeadlines() {
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_one();
    _thread.join();
}

const RequestDeadlines::Watch* RequestDeadlines::current() { return watchOfThisThread; }

RequestDeadlines::Watch::Watch(RequestDeadlines& deadlines, const Poco::Net::StreamSocket& socket)
    : _deadlines(deadlines), _socket(socket), _allowed(deadlines._allowance) {
    _deadlines.arm(*this);
    watchOfThisThread = this;
}

RequestDeadlines::Watch::~Watch() {
    watchOfThisThread = nullptr;
    _deadlines.disarm(*this);
}

void RequestDeadlines::Watch::allowBody(long long declaredBytes) {
    // A body declared larger than is taken is refused unread (413): it needs no more time.
    const std::size_t largest = _deadlines._maxBodyBytes;
    const auto bytes = declaredBytes >= 0 ? std::min(static_cast<std::size_t>(declaredBytes), largest) : largest;
    const auto seconds = static_cast<long>(bytes / _deadlines._minBytesPerSecond);
    _allowed = _deadlines._allowance + Poco::Timespan(seconds, 0);
    _deadlines.arm(*this);
}

std::string RequestDeadlines::Watch::lateness(const std::string& part) const {
    return part + " did not arrive within " + std::to_string(_allowed.totalSeconds()) + " s";
}

void RequestDeadlines::arm(Watch& watch) {
    std::lock_guard<std::mutex> lock(_mutex);
    _deadlineOf[&watch] = watch._started + watch._allowed.totalMicroseconds();
}

void RequestDeadlines::disarm(Watch& watch) {
    // Under the lock, so the watch thread never shuts a socket its connection has
    // gone on to close.
    std::lock_guard<std::mutex> lock(_mutex);
    _deadlineOf.erase(&watch);
}

void RequestDeadlines::run() {
    pthread_setname_np(pthread_self(), "gf-deadlines");
    std::unique_lock<std::mutex> lock(_mutex);
    while (!_stopping) {
        _wake.wait_for(lock, watchInterval, [&] { return _stopping; });
        const Poco::Timestamp now;
        for (auto& [watch, deadline] : _deadlineOf) {
            if (deadline > now || watch->_expired) continue;
            watch->_expired = true;
            try {
                watch->_socket.shutdownReceive();
            } catch (const Poco::Exception&) {
                // The client has gone already: nothing left to wake.
            }
        }
    }
}

}  // namespace grantflow::http
