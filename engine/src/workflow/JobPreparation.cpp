#include "JobPreparation.h"

#include <grantflow/SafeXmlParser.h>

#include <Poco/Exception.h>

#include <iostream>

namespace grantflow::workflow {

JobPreparation::JobPreparation(Instant now, std::vector<PreparedCall> work, unsigned threads)
    : _now(now), _work(std::move(work)) {
    for (unsigned t = 0; t < threads && t < _work.size(); ++t) _threads.emplace_back([this] { drain(); });
}

JobPreparation::~JobPreparation() { wait(); }

void JobPreparation::wait() {
    for (auto& thread : _threads)
        if (thread.joinable()) thread.join();
}

// A preparer that throws only loses its head start: the job itself does the work
// on the writer, and fails there with a retry and in the end an incident.
void JobPreparation::drain() {
    for (std::size_t i; (i = _next++) < _work.size();) {
        PreparedCall& p = _work[i];
        try {
            ParseResult parsed = SafeXmlParser().parse(p.storedXml);
            if (parsed.document.empty()) continue;  // the job itself will say what is wrong
            p.document = std::move(parsed.document);
            p.call.caseDocument = &p.document;
            (*p.prepare)(p.call);
        } catch (const Poco::Exception& e) {
            std::cerr << "grantflow: preparing job " << p.call.jobId << " failed: " << e.displayText() << "\n";
        } catch (const std::exception& e) {
            std::cerr << "grantflow: preparing job " << p.call.jobId << " failed: " << e.what() << "\n";
        }
    }
}

}  // namespace grantflow::workflow
