// Reads the form fields of an untrusted PDF without risking the engine: the
// PDF is parsed by a separate program (grantflow-pdf-reader, PoDoFo) in a child
// process that has a CPU-time limit, an address-space limit, no files to write
// and a wall-clock deadline. A crash, hang or memory blow-up on a malformed
// file becomes a failure with a reason; the calling process carries on.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace grantflow {

struct SandboxLimits {
    int cpuSeconds = 10;
    std::size_t memoryBytes = std::size_t(1) << 30;  // address space of the child
    int wallSeconds = 20;
    std::size_t maxOutputBytes = 16 << 20;
};

struct PdfContents {
    bool ok = false;
    // When not ok: "not-pdf", "encrypted", "damaged", "unsupported", "timeout",
    // "crashed", "reader-missing" ... and one sentence saying what happened.
    std::string failureCode, failure;
    int pages = 0, textPages = 0, imagePages = 0;
    bool encrypted = false;  // opened without a password, but an owner password restricts it
    std::map<std::string, std::string> fields;  // fully qualified field name -> value
};

class PdfFieldReader {
public:
    explicit PdfFieldReader(std::string readerPath = defaultReaderPath(), SandboxLimits limits = {})
        : _readerPath(std::move(readerPath)), _limits(limits) {}

    // Thread-safe; each call runs its own child process.
    PdfContents read(std::string_view pdf) const;

    // $GRANTFLOW_PDF_READER, else grantflow-pdf-reader beside the running program,
    // else the one in the build tree.
    static std::string defaultReaderPath();

private:
    std::string _readerPath;
    SandboxLimits _limits;
};

}  // namespace grantflow
