// What the test suites share: where the test data is, a temporary folder that
// cleans up after itself, and running the real grantflow program as a user would.
#pragma once

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <string>
#include <thread>
#include <vector>

namespace grantflow::test {

inline std::string dataPath(const std::string& relative) {
    return Poco::Path(GRANTFLOW_TEST_DATA).append(relative).toString();
}

inline std::string sourcePath(const std::string& relative) {
    return Poco::Path(GRANTFLOW_SOURCE_DIR).append(relative).toString();
}

inline std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string bytes;
    Poco::StreamCopier::copyToString(in, bytes);
    return bytes;
}

inline void writeFile(const std::string& path, const std::string& bytes) {
    Poco::FileOutputStream out(path);
    out << bytes;
}

// A fresh folder, removed with everything in it when the test ends.
class TempDir {
public:
    TempDir() { Poco::File(_file.path()).createDirectories(); }
    std::string path() const { return _file.path(); }
    std::string file(const std::string& name) const { return Poco::Path(_file.path(), name).toString(); }

private:
    Poco::TemporaryFile _file;
};

struct CliResult {
    int exitCode = -1;
    std::string out, err;
};

// Runs a program (a path, or a name found on PATH) and waits for it.
inline CliResult runProgram(const std::string& program, const std::vector<std::string>& arguments) {
    Poco::Pipe outPipe, errPipe;
    Poco::ProcessHandle process = Poco::Process::launch(program, arguments, nullptr, &outPipe, &errPipe);
    CliResult result;
    // Read both pipes at once so a chatty child never blocks on a full one.
    std::thread errReader([&] {
        Poco::PipeInputStream err(errPipe);
        Poco::StreamCopier::copyToString(err, result.err);
    });
    Poco::PipeInputStream out(outPipe);
    Poco::StreamCopier::copyToString(out, result.out);
    errReader.join();
    result.exitCode = process.wait();
    return result;
}

// Runs the grantflow program with these arguments and waits for it.
inline CliResult runCli(const std::vector<std::string>& arguments) { return runProgram(GRANTFLOW_CLI, arguments); }

// Starts grantflow without waiting for it (for crash and concurrency tests).
inline Poco::ProcessHandle startCli(const std::vector<std::string>& arguments) {
    return Poco::Process::launch(GRANTFLOW_CLI, arguments, nullptr, nullptr, nullptr);
}

}  // namespace grantflow::test
