// Service jobs prepared on background threads (see ServicePreparer). Each call is
// prepared on its own copy of the call and of the case document (parsed on the
// preparing thread from the stored text), so nothing here touches the store or the
// engine's connection, and the writer thread moves other cases on meanwhile.
//
// The threads live as long as the engine and take calls from a queue, so a caller
// can hand in the jobs that fell due while earlier ones are still being prepared,
// and run whichever are ready without waiting for the rest.
#pragma once

#include <grantflow/XmlDocument.h>
#include <grantflow/workflow/IsoTime.h>
#include <grantflow/workflow/ServiceRegistry.h>

#include <Poco/Types.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

namespace grantflow::workflow {

struct PreparedCall {
    ServiceCall call;        // its caseDocument points at `document`
    Instant at = 0;          // the instant call.now says
    std::string storedXml;   // the case document as stored, parsed on the preparing thread
    XmlDocument document;    // the preparer's own copy
    const ServicePreparer* prepare = nullptr;
};

class JobPreparation {
public:
    // Threads start with the first call handed in.
    explicit JobPreparation(unsigned threads);
    // Drops the calls not yet started and waits for the ones being prepared.
    ~JobPreparation();
    JobPreparation(const JobPreparation&) = delete;
    JobPreparation& operator=(const JobPreparation&) = delete;

    // Queues a call for its job; a job already handed in is not queued again.
    void submit(PreparedCall call);
    // Records a job that cannot be prepared (its case document is missing) as done
    // without a head start, so that it runs, and fails, as of `at`.
    void passOver(Poco::Int64 job, Instant at);
    // Whether the job was handed in and is not forgotten.
    bool known(Poco::Int64 job) const;
    // Whether the job is queued or being prepared.
    bool pending(Poco::Int64 job) const;
    // For a prepared job: the instant it was prepared for and the stored document
    // version it was prepared from. It must run as of that instant to match.
    struct Done {
        Instant at;
        Poco::Int64 documentVersion;
    };
    std::optional<Done> done(Poco::Int64 job) const;
    // Forgets every job not in `stillDue`: they ran or were cancelled.
    void retainOnly(const std::set<Poco::Int64>& stillDue);
    // Blocks until nothing is queued or being prepared.
    void waitIdle();

private:
    void drain();

    struct State {
        Instant at;
        Poco::Int64 documentVersion;
        bool done;
    };

    const unsigned _threadCount;
    mutable std::mutex _mutex;
    std::condition_variable _work, _idle;
    std::deque<PreparedCall> _queue;
    std::map<Poco::Int64, State> _jobs;  // by job id
    unsigned _busy = 0;
    bool _stopping = false;
    std::vector<std::thread> _threads;
};

}  // namespace grantflow::workflow
