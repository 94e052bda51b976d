// Turns the FILE|DIR arguments of a command into the list of files to read:
// folders are walked recursively, hidden and partial files (".x", "x.part") are
// skipped, and the result is sorted so runs are repeatable.
#pragma once

#include <string>
#include <vector>

namespace grantflow::cli {

// Throws Poco::FileNotFoundException naming an argument that does not exist.
std::vector<std::string> expandInputs(const std::vector<std::string>& arguments);

// The whole file; throws Poco::FileException naming it when it cannot be read.
std::string readWholeFile(const std::string& path);

}  // namespace grantflow::cli
