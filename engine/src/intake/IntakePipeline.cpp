#include <grantflow/IntakePipeline.h>

#include <grantflow/PaperRegistration.h>

#include <Poco/Timestamp.h>

#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace grantflow {

namespace {

// What the checking threads and the storing thread share.
struct Exchange {
    std::mutex mutex;
    std::condition_variable spaceFree, resultReady;
    long long taken = 0, consumed = 0;
    unsigned workersRunning = 0;
    bool sourceEmpty = false;
    std::exception_ptr failure;
    std::map<long long, CheckedApplication> checked;  // by position in the source
};

}  // namespace

CheckedApplication unreadableDocument(const std::string& name, const std::string& why) {
    CheckedApplication refused;
    refused.sourceName = name;
    refused.problems.push_back(Problem{"unreadable", "", 0, 0, "cannot be read: " + why});
    return refused;
}

IntakePipeline::IntakePipeline(const ApplicationIntake& intake, CaseStore& store, Settings settings)
    : IntakePipeline([&intake](std::string name, std::string bytes) { return intake.check(std::move(name), std::move(bytes)); },
                     store, settings) {}

IntakePipeline::IntakePipeline(Checker checker, CaseStore& store, Settings settings)
    : _check(std::move(checker)), _store(store), _settings(settings) {
    if (_settings.workers == 0) _settings.workers = std::max(1u, std::thread::hardware_concurrency());
}

std::vector<RegisteredCase> IntakePipeline::registerBatch(const std::vector<CheckedApplication>& batch) {
    const Poco::Timestamp receivedAt;
    std::vector<RegisteredCase> results;  // one per accepted document, in batch order
    std::vector<const CheckedApplication*> run;
    auto registerRun = [&] {
        for (auto& registered : _store.registerApplications(run, receivedAt, _settings.actor))
            results.push_back(std::move(registered));
        run.clear();
    };
    for (const auto& checked : batch) {
        if (!checked.accepted()) continue;
        if (checked.channel != channel::scannedPaper) {
            run.push_back(&checked);
            continue;
        }
        // A scan waits for keying in; it is numbered where it stands in the input.
        registerRun();
        results.push_back(PaperRegistration(_store).registerScan(checked, receivedAt, _settings.actor));
    }
    registerRun();
    return results;
}

IntakeSummary IntakePipeline::run(const Source& source, const Report& report) {
    Exchange exchange;
    exchange.workersRunning = _settings.workers;
    const long long maxInFlight = static_cast<long long>(_settings.maxInFlight);

    auto check = [&] {
        try {
            for (;;) {
                std::optional<ReceivedDocument> document;
                long long position;
                {
                    std::unique_lock<std::mutex> lock(exchange.mutex);
                    exchange.spaceFree.wait(lock, [&] {
                        return exchange.taken - exchange.consumed < maxInFlight || exchange.failure;
                    });
                    if (exchange.sourceEmpty || exchange.failure) break;
                    document = source();
                    if (!document) {
                        exchange.sourceEmpty = true;
                        break;
                    }
                    position = exchange.taken++;
                }
                CheckedApplication result = document->unreadable.empty()
                                                ? _check(std::move(document->name), std::move(document->bytes))
                                                : unreadableDocument(document->name, document->unreadable);
                std::lock_guard<std::mutex> lock(exchange.mutex);
                exchange.checked.emplace(position, std::move(result));
                exchange.resultReady.notify_one();
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(exchange.mutex);
            if (!exchange.failure) exchange.failure = std::current_exception();
        }
        std::lock_guard<std::mutex> lock(exchange.mutex);
        --exchange.workersRunning;
        exchange.resultReady.notify_one();
        exchange.spaceFree.notify_all();
    };

    std::vector<std::thread> workers;
    for (unsigned i = 0; i < _settings.workers; ++i) workers.emplace_back(check);

    IntakeSummary summary;
    std::vector<CheckedApplication> batch;
    try {
        for (;;) {
            batch.clear();
            {
                std::unique_lock<std::mutex> lock(exchange.mutex);
                exchange.resultReady.wait(lock, [&] {
                    return exchange.checked.count(exchange.consumed) || exchange.failure ||
                           (exchange.workersRunning == 0 && exchange.consumed == exchange.taken);
                });
                if (exchange.failure) break;
                // Take what is ready, in source order, without waiting for a full batch.
                for (auto next = exchange.checked.find(exchange.consumed);
                     next != exchange.checked.end() && batch.size() < _settings.maxBatch;
                     next = exchange.checked.find(exchange.consumed)) {
                    batch.push_back(std::move(next->second));
                    exchange.checked.erase(next);
                    ++exchange.consumed;
                }
                exchange.spaceFree.notify_all();
                if (batch.empty()) break;  // every worker is done and everything was consumed
            }
            std::vector<RegisteredCase> registered = registerBatch(batch);
            std::size_t nextRegistered = 0;
            for (const auto& application : batch) {
                summary.bytes += static_cast<long long>(application.original.size());
                if (!application.accepted()) {
                    ++summary.refused;
                    report(application, nullptr);
                    continue;
                }
                const RegisteredCase& result = registered[nextRegistered++];
                ++(result.alreadyRegistered ? summary.alreadyRegistered : summary.accepted);
                report(application, &result);
            }
        }
    } catch (...) {
        std::lock_guard<std::mutex> lock(exchange.mutex);
        if (!exchange.failure) exchange.failure = std::current_exception();
        exchange.spaceFree.notify_all();
    }
    for (auto& worker : workers) worker.join();
    if (exchange.failure) std::rethrow_exception(exchange.failure);
    return summary;
}

}  // namespace grantflow
