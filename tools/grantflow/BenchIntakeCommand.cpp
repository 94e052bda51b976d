// grantflow bench intake: measures registration throughput end to end.
#include "ApplicationGenerator.h"
#include "Command.h"
#include "ResourceUsage.h"

#include <grantflow/IntakePipeline.h>

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/Option.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace grantflow::cli {

using Poco::Util::Option;

class BenchIntakeCommand : public Command {
public:
    BenchIntakeCommand()
        : Command("bench intake", "",
                  "Generates varied, realistic applications, then parses, validates, checks and durably "
                  "stores them (synchronous=FULL unless --sync normal) in a fresh store, and prints "
                  "applications/s, MB/s and peak memory.") {}

protected:
    bool usesStore() const override { return false; }

    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("count", "n", "how many applications (default 100000)").argument("N").binding("bench.count"));
        options.addOption(Option("workers", "w", "checking threads (default: one per core)").argument("N").binding("bench.workers"));
        options.addOption(Option("sync", "", "full (default) or normal").argument("MODE").binding("bench.sync"));
        options.addOption(Option("store", "", "store to use (default: a temporary file, removed afterwards)")
                              .argument("PATH")
                              .binding("bench.store"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments (see grantflow bench intake --help)");
            return exitUsage;
        }
        return benchIntake();
    }

private:
    int benchIntake() {
        const auto count = config().getUInt64("bench.count", 100000);
        std::string path = setting("bench.store", "");
        std::unique_ptr<Poco::TemporaryFile> folder;
        if (path.empty()) {
            folder = std::make_unique<Poco::TemporaryFile>();
            Poco::File(folder->path()).createDirectories();
            path = Poco::Path(folder->path(), "bench.db").toString();
        }
        StoreOptions options;
        options.syncFull = setting("bench.sync", "full") != "normal";
        ApplicationIntake intake(intakeSettings());
        CaseStore store(path, options);
        IntakePipeline::Settings settings;
        settings.workers = static_cast<unsigned>(config().getUInt("bench.workers", 0));
        settings.actor = "bench";
        IntakePipeline pipeline(intake, store, settings);

        ApplicationGenerator generator(static_cast<std::uint64_t>(getpid()));
        std::uint64_t next = 0, done = 0, summaryRefusedShown = 0;
        const bool showProgress = isatty(STDERR_FILENO);
        auto started = std::chrono::steady_clock::now();
        auto source = [&]() -> std::optional<ReceivedDocument> {
            if (next >= count) return std::nullopt;
            std::uint64_t index = next++;
            return ReceivedDocument{"bench-" + std::to_string(index) + ".xml", generator.application(index)};
        };
        auto report = [&](const CheckedApplication& application, const RegisteredCase*) {
            if (!application.accepted() && summaryRefusedShown++ < 5)
                std::cerr << formatProblem(application.sourceName, application.problems.front()) << "\n";
            if (showProgress && ++done % 10000 == 0) std::cerr << "\r" << done << " of " << count << std::flush;
        };
        IntakeSummary summary = pipeline.run(source, report);
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (showProgress) std::cerr << "\r\033[K";

        std::printf("bench intake: %llu applications (%lld registered, %lld refused) in %.2f s\n",
                    static_cast<unsigned long long>(count), summary.accepted, summary.refused, seconds);
        std::printf("  throughput  %.0f applications/s, %.1f MB/s of XML\n", count / seconds,
                    summary.bytes / seconds / 1e6);
        std::printf("  peak RSS    %.1f MB\n", peakResidentMegabytes());
        std::printf("  store       %s (%lld cases, synchronous=%s)\n", path.c_str(),
                    static_cast<long long>(store.caseCount()), options.syncFull ? "FULL" : "NORMAL");
        return summary.refused ? exitRefused : exitOk;
    }
};

static RegisterCommand<BenchIntakeCommand> registered("bench-intake", "registration throughput: parse, check, store");

}  // namespace grantflow::cli
