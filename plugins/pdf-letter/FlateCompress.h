// Flate (zlib) compression for PDF streams, at the level the plugin uses for
// everything it writes (3: most of level 6's size for half its time).
//
// Promises: flateCompress() is safe to call from any thread (each thread keeps its
// own zlib state, reset between streams) and gives the same bytes for the same
// input.
#pragma once

#include <string>

namespace grantflow::letters {

// The zlib-wrapped compressed bytes of `data`; throws Poco::RuntimeException
// when zlib fails.
std::string flateCompress(const std::string& data);

}  // namespace grantflow::letters
