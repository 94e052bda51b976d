// What this process uses, for benchmark reports: the memory it holds now and the
// most it has held at once, the CPU time it (or one thread) has spent, and the
// wall-clock time of a stage. On a
// shared, throttled machine CPU time says more about the engine than the wall clock.
#pragma once

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

namespace grantflow::cli {

inline double peakResidentMegabytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

inline double residentMegabytes() {
    long pages = 0, resident = 0;
    std::ifstream("/proc/self/statm") >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1048576.0;
}

// User and system time of the whole process, in seconds.
inline double processCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// CPU time of the calling thread, in seconds.
inline double threadCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Wall-clock time since it was made.
class Stopwatch {
public:
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - _started).count();
    }

private:
    std::chrono::steady_clock::time_point _started = std::chrono::steady_clock::now();
};

// Adds the wall-clock time of its scope to `total`, however the scope is left.
class TimedScope {
public:
    explicit TimedScope(double& total) : _total(total) {}
    ~TimedScope() { _total += _watch.seconds(); }
    TimedScope(const TimedScope&) = delete;
    TimedScope& operator=(const TimedScope&) = delete;

private:
    double& _total;
    Stopwatch _watch;
};

}  // namespace grantflow::cli
