// grantflow bench-letters --count N: how fast the letter plugin renders, through
// the same plugin host and service the workflow uses, on all cores. Each
// letter gets its own reference number so no two outputs are alike.
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/Util/Option.h>
#include <grantflow/plugin/PluginHost.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "Command.h"
#include "ResourceUsage.h"

namespace grantflow::cli {

namespace {

// Keeps count of what would have been stored, and nothing else.
class CountingDocumentStore : public plugin::DocumentStore {
public:
    plugin::StoredDocument store(const plugin::OutputDocument& document) override {
        bytes += document.bytes.size();
        ++documents;
        return {"", document.name, document.bytes.size()};
    }
    std::size_t bytes = 0, documents = 0;
};

}  // namespace

class BenchLettersCommand : public Command {
public:
    BenchLettersCommand()
        : Command("bench-letters", "",
                  "Renders --count letters of --type from the case document --case (default: the "
                  "two-page "
                  "grant-in-part sample in tests/data/cases) with the letter plugin on --threads "
                  "threads, and "
                  "prints letters/s, bytes per letter and the peak resident memory.") {}

protected:
    bool usesStore() const override { return false; }

    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        using Poco::Util::Option;
        options.addOption(Option("count", "n", "letters to render (default 10000)")
                              .argument("N")
                              .binding("bench.count"));
        options.addOption(Option("threads", "j", "threads (default: one per core)")
                              .argument("N")
                              .binding("bench.threads"));
        options.addOption(
            Option("case", "", "case document to render").argument("FILE").binding("bench.case"));
        options.addOption(Option("type", "t", "letter type (default decision)")
                              .argument("TYPE")
                              .binding("bench.type"));
        options.addOption(
            Option("plugins", "", "the plugin folder").argument("DIR").binding("plugins.dir"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments (see grantflow bench-letters --help)");
            return exitUsage;
        }
        long count = config().getInt("bench.count", 10000);
        unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
        long threads = config().getInt("bench.threads", static_cast<int>(hardware));
        if (count < 1 || threads < 1) {
            complain("--count and --threads must be at least 1");
            return exitUsage;
        }
        std::string caseFile =
            setting("bench.case", dataDirectory() + "/tests/data/cases/grant-in-part.xml");
        Poco::FileInputStream in(caseFile);
        std::ostringstream bytes;
        Poco::StreamCopier::copyStream(in, bytes);
        const std::string caseDocument = bytes.str();
        const std::string dnrAttribute = "dnr=\"";
        auto dnrAt = caseDocument.find(dnrAttribute);
        if (dnrAt == std::string::npos) {
            complain(caseFile + " has no dnr attribute");
            return exitRefused;
        }
        dnrAt += dnrAttribute.size();
        auto dnrEnd = caseDocument.find('"', dnrAt);

        auto host = loadPlugins();
        auto service = host->createService("letter.pdf", config());
        std::string type = setting("bench.type", "decision");

        std::atomic<long> next{0};
        std::mutex failureLock;
        std::string failure;
        std::vector<CountingDocumentStore> stores(static_cast<std::size_t>(threads));
        auto work = [&](std::size_t worker) {
            plugin::ServiceRequest request;
            request.parameters["type"] = type;
            for (long i; (i = next.fetch_add(1)) < count;) {
                char number[32];
                std::snprintf(number, sizeof number, "GF 2026-%06ld", 100000 + i % 900000);
                request.caseDocument =
                    caseDocument.substr(0, dnrAt) + number + caseDocument.substr(dnrEnd);
                auto result = service->run(request, stores[worker]);
                if (!result.ok) {
                    std::lock_guard<std::mutex> guard(failureLock);
                    failure = result.code + ": " + result.message;
                    next = count;
                }
            }
        };
        const double startCpu = processCpuSeconds();
        auto start = std::chrono::steady_clock::now();
        std::vector<std::thread> pool;
        for (long t = 0; t < threads; ++t) pool.emplace_back(work, static_cast<std::size_t>(t));
        for (auto& thread : pool) thread.join();
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        service.reset();
        if (!failure.empty()) {
            complain(failure);
            return exitRefused;
        }
        std::size_t totalBytes = 0, letters = 0;
        for (const auto& store : stores) {
            totalBytes += store.bytes;
            letters += store.documents;
        }
        // CPU time tells the cost per letter even on a machine busy with other work.
        double cpuSeconds = processCpuSeconds() - startCpu;
        std::printf("letters:          %zu (%s, from %s)\n", letters, type.c_str(),
                    caseFile.c_str());
        std::printf("threads:          %ld\n", threads);
        std::printf("time:             %.2f s\n", seconds);
        std::printf("letters/s:        %.0f\n", letters / seconds);
        std::printf("CPU time:         %.2f s (%.2f ms a letter, %.0f letters per CPU-second)\n",
                    cpuSeconds, 1000.0 * cpuSeconds / static_cast<double>(letters),
                    static_cast<double>(letters) / cpuSeconds);
        std::printf("bytes per letter: %.0f\n",
                    letters ? static_cast<double>(totalBytes) / letters : 0.0);
        std::printf("peak RSS:         %.1f MB\n", peakResidentMegabytes());
        return exitOk;
    }
};

static RegisterCommand<BenchLettersCommand> registered("bench-letters",
                                                       "benchmark the PDF letter plugin");

}  // namespace grantflow::cli
