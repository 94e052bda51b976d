#include <grantflow/GroupCommit.h>

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace grantflow {

GroupCommit::GroupCommit(std::string walPath, bool enabled) : _walPath(std::move(walPath)), _enabled(enabled) {}

GroupCommit::~GroupCommit() {
    stop();
    if (_fd >= 0) ::close(_fd);
}

void GroupCommit::start() {
    if (!_enabled || _thread.joinable()) return;
    _stopping = false;
    _thread = std::thread([this] { run(); });
}

void GroupCommit::stop() {
    if (!_thread.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _work.notify_one();
    _thread.join();
}

std::uint64_t GroupCommit::noteCommit() {
    if (!_enabled) return 0;
    std::uint64_t ticket;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ticket = ++_written;
    }
    _work.notify_one();
    return ticket;
}

void GroupCommit::waitDurable(std::uint64_t ticket) {
    if (!_enabled) return;
    std::unique_lock<std::mutex> lock(_mutex);
    _done.wait(lock, [&] { return _synced >= ticket || _failed || (_stopping && !_thread.joinable()); });
    if (_failed) throw Poco::IOException("the store could not sync its log to disk; the change may not be durable");
}

bool GroupCommit::syncWal() {
    struct stat byName {}, byHandle {};
    bool present = ::stat(_walPath.c_str(), &byName) == 0;
    if (!present) return errno == ENOENT;  // no log: every commit is already in the database file
    if (_fd >= 0 && (::fstat(_fd, &byHandle) != 0 || byHandle.st_ino != byName.st_ino)) {
        ::close(_fd);
        _fd = -1;
    }
    if (_fd < 0) _fd = ::open(_walPath.c_str(), O_RDWR | O_CLOEXEC);
    if (_fd < 0) return false;
    return ::fdatasync(_fd) == 0;
}

void GroupCommit::run() {
    std::unique_lock<std::mutex> lock(_mutex);
    for (;;) {
        _work.wait(lock, [&] { return _written > _synced || _stopping; });
        if (_written == _synced && _stopping) break;
        std::uint64_t target = _written;
        lock.unlock();
        bool ok = syncWal();
        if (!ok)
            Poco::Logger::get("grantflow.store").critical("fsync of " + _walPath + " failed: " + std::strerror(errno));
        lock.lock();
        if (ok)
            _synced = target;
        else
            _failed = true;  // never claim durability after a failed fsync
        _done.notify_all();
        if (_failed) break;
    }
}

}  // namespace grantflow
