// Service jobs being prepared on background threads (see ServicePreparer): each
// preparer runs on its own copy of the call and of the case document (parsed there
// from the stored text), so nothing here touches the store or the engine's
// connection, and the writer thread is free to move other cases on meanwhile.
#pragma once

#include <grantflow/XmlDocument.h>
#include <grantflow/workflow/IsoTime.h>
#include <grantflow/workflow/ServiceRegistry.h>

#include <atomic>
#include <thread>
#include <vector>

namespace grantflow::workflow {

struct PreparedCall {
    ServiceCall call;        // its caseDocument points at `document`
    std::string storedXml;   // the case document as stored, parsed on the preparing thread
    XmlDocument document;    // the preparer's own copy
    const ServicePreparer* prepare = nullptr;
};

class JobPreparation {
public:
    // Starts `threads` threads over the calls, prepared as of `now`.
    JobPreparation(Instant now, std::vector<PreparedCall> work, unsigned threads);
    // Waits for the threads.
    ~JobPreparation();
    JobPreparation(const JobPreparation&) = delete;
    JobPreparation& operator=(const JobPreparation&) = delete;

    // The instant the jobs were prepared for: they must run as of it to match.
    Instant now() const { return _now; }
    // Blocks until every call has been prepared (or its preparer failed).
    void wait();

private:
    void drain();

    Instant _now;
    std::vector<PreparedCall> _work;
    std::atomic<std::size_t> _next{0};
    std::vector<std::thread> _threads;
};

}  // namespace grantflow::workflow
