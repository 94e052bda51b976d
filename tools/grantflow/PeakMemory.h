// The memory this process holds now and the most it has held at once, for
// benchmark reports.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

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

}  // namespace grantflow::cli
