#include "JobPreparation.h"

#include "BackgroundThread.h"

#include <grantflow/SafeXmlParser.h>

#include <Poco/Exception.h>

#include <algorithm>
#include <iostream>

namespace grantflow::workflow {

using Poco::Int64;

JobPreparation::JobPreparation(unsigned threads) : _threadCount(std::max(1u, threads)) {}

JobPreparation::~JobPreparation() {
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
        _queue.clear();
    }
    _work.notify_all();
    for (auto& thread : _threads) thread.join();
}

void JobPreparation::submit(PreparedCall call) {
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const Int64 job = call.call.jobId;
        if (_jobs.count(job)) return;
        _jobs[job] = {call.at, call.call.documentVersion, false};
        _queue.push_back(std::move(call));
        if (_threads.size() < _threadCount) _threads.emplace_back([this] { drain(); });
    }
    _work.notify_one();
}

void JobPreparation::passOver(Int64 job, Instant at) {
    std::lock_guard<std::mutex> lock(_mutex);
    _jobs.emplace(job, State{at, 0, true});
}

bool JobPreparation::known(Int64 job) const {
    std::lock_guard<std::mutex> lock(_mutex);
    return _jobs.count(job) != 0;
}

bool JobPreparation::pending(Int64 job) const {
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _jobs.find(job);
    return found != _jobs.end() && !found->second.done;
}

std::optional<JobPreparation::Done> JobPreparation::done(Int64 job) const {
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _jobs.find(job);
    if (found == _jobs.end() || !found->second.done) return std::nullopt;
    return Done{found->second.at, found->second.documentVersion};
}

void JobPreparation::retainOnly(const std::set<Int64>& stillDue) {
    std::lock_guard<std::mutex> lock(_mutex);
    for (auto it = _jobs.begin(); it != _jobs.end();)
        it = stillDue.count(it->first) ? std::next(it) : _jobs.erase(it);
}

void JobPreparation::waitIdle() {
    std::unique_lock<std::mutex> lock(_mutex);
    _idle.wait(lock, [this] { return _queue.empty() && _busy == 0; });
}

// A preparer that throws only loses its head start: the job itself does the work
// on the writer, and fails there with a retry and in the end an incident.
void JobPreparation::drain() {
    becomeBackgroundThread("gf-prepare");
    for (;;) {
        PreparedCall p;
        {
            std::unique_lock<std::mutex> lock(_mutex);
            _work.wait(lock, [this] { return _stopping || !_queue.empty(); });
            if (_stopping) return;
            p = std::move(_queue.front());
            _queue.pop_front();
            ++_busy;
        }
        try {
            ParseResult parsed = SafeXmlParser().parse(p.storedXml);
            if (!parsed.document.empty()) {  // else the job itself will say what is wrong
                p.document = std::move(parsed.document);
                p.call.caseDocument = &p.document;
                (*p.prepare)(p.call);
            }
        } catch (const Poco::Exception& e) {
            std::cerr << "grantflow: preparing job " << p.call.jobId << " failed: " << e.displayText() << "\n";
        } catch (const std::exception& e) {
            std::cerr << "grantflow: preparing job " << p.call.jobId << " failed: " << e.what() << "\n";
        }
        std::lock_guard<std::mutex> lock(_mutex);
        auto state = _jobs.find(p.call.jobId);
        if (state != _jobs.end()) state->second.done = true;  // forgotten meanwhile: no longer due
        --_busy;
        if (_queue.empty() && _busy == 0) _idle.notify_all();
    }
}

}  // namespace grantflow::workflow
