// libxml2 must set up its global state once, on one thread, before threads use it;
// two threads doing it at the same moment corrupt the heap (seen as a rare abort
// when several checking threads started together). Every entry point calls this.
#pragma once

#include <libxml/parser.h>

#include <mutex>

namespace grantflow {

inline void initializeLibxml() {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

}  // namespace grantflow
