// Frees parsed documents on a background thread. Freeing a case document (some
// thousand nodes) is as slow as a small step's SQL, and a case whose workflow has
// ended no longer needs its document: the writer thread, which every step waits
// for, hands it here and goes on. Bounded: when the thread falls behind by
// `backlog` documents, the caller frees its own.
#pragma once

#include <grantflow/XmlDocument.h>

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

namespace grantflow::workflow {

class DocumentDisposal {
public:
    explicit DocumentDisposal(std::size_t backlog = 256) : _backlog(backlog) {}
    // Frees what is still queued.
    ~DocumentDisposal();
    DocumentDisposal(const DocumentDisposal&) = delete;
    DocumentDisposal& operator=(const DocumentDisposal&) = delete;

    // Takes the document; it is freed later, or now when too many wait.
    void dispose(XmlDocument document);

private:
    void run();

    const std::size_t _backlog;
    std::mutex _mutex;
    std::condition_variable _work;
    std::vector<XmlDocument> _queue;
    bool _stopping = false;
    std::thread _thread;  // started by the first dispose()
};

}  // namespace grantflow::workflow
