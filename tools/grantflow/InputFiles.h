// Turns the FILE|DIR arguments of a command into the list of files to read:
// folders are walked recursively, hidden and partial files (".x", "x.part") are
// skipped, and the result is sorted so runs are repeatable. Pipes and devices in a
// folder are listed too, so that reading them refuses them by name rather than
// leaving them out unsaid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace grantflow::cli {

// Throws Poco::FileNotFoundException naming an argument that does not exist.
std::vector<std::string> expandInputs(const std::vector<std::string>& arguments);

// The whole file; throws Poco::Exception naming it when it cannot be read: when it
// is a folder, a pipe or a device (which could block or never end), or when it is
// larger than maxBytes (checked before reading, so a huge file costs no memory).
std::string readWholeFile(const std::string& path, std::size_t maxBytes = SIZE_MAX);

}  // namespace grantflow::cli
