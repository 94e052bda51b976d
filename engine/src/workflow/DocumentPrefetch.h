// Parses stored case documents on a background thread ahead of the steps that will
// need them, so that the writer thread, which every step waits for, finds them
// parsed. Used for the jobs runDueJobs is about to run whose cases the document
// cache does not hold (a case's first job, typically): parsing is the larger part
// of such a step's CPU time.
//
// Promises: take() hands out a document only for the exact version its text was
// requested with, and each request at most once; a text that does not parse is
// handed out as nothing, so the step parses it itself and says what is wrong.
// Bounded: requests beyond `most` held are ignored.
#pragma once

#include <grantflow/XmlDocument.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <thread>
#include <unordered_map>

namespace grantflow::workflow {

class DocumentPrefetch {
public:
    explicit DocumentPrefetch(std::size_t most = 256) : _most(most) {}
    // Drops what was not parsed yet and waits for the one being parsed.
    ~DocumentPrefetch();
    DocumentPrefetch(const DocumentPrefetch&) = delete;
    DocumentPrefetch& operator=(const DocumentPrefetch&) = delete;

    // Queues `xml`, the stored text of version `version` of the case's document.
    void request(long long caseId, long long version, std::string xml);

    struct Parsed {
        XmlDocument document;
        std::string xml;  // the text it was parsed from
    };
    // The parsed document when exactly this version was requested, waiting for it if
    // it is being parsed; nothing when it was not, when its parsing has not started
    // (the caller is as quick doing it), or when it did not parse. Either way the
    // case's request is forgotten.
    std::optional<Parsed> take(long long caseId, long long version);

    // Whether a request for the case is held.
    bool holds(long long caseId);
    // Whether as many requests are held as it takes: more are ignored.
    bool full();

    // Forgets every request (the store may have rolled back what they were read from).
    void clear();

private:
    void run();

    struct Request {
        long long version = 0;
        unsigned long long ticket = 0;  // tells a request from a later one for the same case
        bool started = false, parsed = false;
        Parsed result;
    };

    const std::size_t _most;
    std::mutex _mutex;
    std::condition_variable _work, _done;
    std::unordered_map<long long, Request> _requests;  // by case id
    std::deque<std::pair<long long, unsigned long long>> _queue;  // case id and ticket, not parsed yet
    unsigned long long _tickets = 0;
    bool _stopping = false;
    std::thread _thread;  // started by the first request
};

}  // namespace grantflow::workflow
