// The most memory this process has held at once, for benchmark reports.
#pragma once

#include <sys/resource.h>

namespace grantflow::cli {

inline double peakResidentMegabytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

}  // namespace grantflow::cli
