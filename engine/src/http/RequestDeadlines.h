// A client that sends its request a few bytes at a time ("slowloris") could hold a
// server thread for as long as it liked: the socket timeout only bounds the silence
// between two bytes. So each request gets a deadline. Its head must arrive within
// `allowance`; its body within that plus its size (at most `maxBodyBytes`) at
// `minBytesPerSecond`. A watch
// thread shuts the reading side of a late request's socket, so that the thread
// blocked on it wakes with end-of-input, and the connection answers 408.
#pragma once

#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace grantflow::http {

class RequestDeadlines {
public:
    RequestDeadlines(Poco::Timespan allowance, std::size_t minBytesPerSecond, std::size_t maxBodyBytes);
    ~RequestDeadlines();  // stops the watch thread
    RequestDeadlines(const RequestDeadlines&) = delete;
    RequestDeadlines& operator=(const RequestDeadlines&) = delete;

    // One request's deadline, watched while this lives, on the thread that reads the
    // request (which is what current() finds).
    class Watch {
    public:
        Watch(RequestDeadlines& deadlines, const Poco::Net::StreamSocket& socket);
        ~Watch();
        Watch(const Watch&) = delete;
        Watch& operator=(const Watch&) = delete;

        // The head is in: the body of `declaredBytes` (negative: unknown, so the
        // largest taken) gets its time on top of the head's.
        void allowBody(long long declaredBytes);
        bool expired() const { return _expired; }
        // "the request head did not arrive within 20 s", for the 408 answer.
        std::string lateness(const std::string& part) const;

    private:
        friend class RequestDeadlines;
        RequestDeadlines& _deadlines;
        Poco::Net::StreamSocket _socket;
        Poco::Timestamp _started;
        Poco::Timespan _allowed;
        std::atomic<bool> _expired{false};
    };

    // The watch of the request the calling thread is reading, or nullptr.
    static const Watch* current();

private:
    void arm(Watch& watch);
    void disarm(Watch& watch);
    void run();

    const Poco::Timespan _allowance;
    const std::size_t _minBytesPerSecond;
    const std::size_t _maxBodyBytes;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
    std::map<Watch*, Poco::Timestamp> _deadlineOf;
    std::thread _thread;
};

}  // namespace grantflow::http
