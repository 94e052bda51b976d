// grantflow bench e2e: generated application files all the way to stored letters.
#include "ApplicationGenerator.h"
#include "InputFiles.h"
#include "ResourceUsage.h"
#include "ScriptedReviewer.h"
#include "WorkflowCommand.h"

#include <grantflow/IntakePipeline.h>

#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/Option.h>

#include <cstdio>
#include <iostream>
#include <thread>
#include <vector>

namespace grantflow::cli {

using Poco::Util::Option;
using namespace Poco::Data::Keywords;

namespace {

void printStage(const char* stage, std::size_t count, const char* unit, double seconds) {
    std::printf("  %-8s %8zu %-13s in %8.2f s  %10.0f /s\n", stage, count, unit, seconds, count / seconds);
}

}  // namespace

class BenchEndToEndCommand : public WorkflowCommand {
public:
    BenchEndToEndCommand()
        : WorkflowCommand("bench e2e", "",
                          "Writes N generated applications as files, registers them (parse, schema, rules, "
                          "durable store), then takes every case through the shipped grant review with scripted "
                          "case officers, the letter plugin rendering and storing each letter, every step "
                          "all-or-nothing and --batch steps to a commit. Prints each stage's throughput, the total, and peak memory. Uses a "
                          "fresh store in a temporary folder.") {}

protected:
    bool createsStore() const override { return true; }
    bool usesStore() const override { return false; }

    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("count", "n", "applications (default 1000)").argument("N").binding("bench.count"));
        addDriveOptions(options, "full");
    }

    int execute(const std::vector<std::string>& arguments) override {
        const auto count = config().getUInt64("bench.count", 1000);
        const auto drive = driveSettings(config(), "full");
        if (!arguments.empty() || count == 0 || !drive) {
            complain("takes no arguments, a positive --count and --batch, and --sync full or normal");
            return exitUsage;
        }
        Poco::TemporaryFile scratch;
        Poco::File(scratch.path()).createDirectories();
        config().setString("grantflow.db", Poco::Path(scratch.path(), "bench.db").toString());
        const std::string folder = Poco::Path(scratch.path(), "in").toString();
        Poco::File(folder).createDirectories();
        std::printf("bench e2e: %llu applications, files to letters, synchronous=%s, %d steps per commit\n",
                    static_cast<unsigned long long>(count), drive->syncFull ? "full" : "normal", drive->batchSize);
        Stopwatch total;

        Stopwatch writing;
        const ApplicationGenerator generator(7);
        // Each application depends on its index alone, so every core writes a share, into
        // a subfolder of its own: creating files in one folder takes the folder's lock.
        auto writeShare = [&](std::uint64_t first, std::uint64_t step) {
            const std::string share = Poco::Path(folder, "share-" + std::to_string(first)).toString();
            Poco::File(share).createDirectories();
            for (std::uint64_t i = first; i < count; i += step) {
                char name[48];
                std::snprintf(name, sizeof name, "application-%07llu.xml", static_cast<unsigned long long>(i));
                Poco::FileOutputStream out(Poco::Path(share, name).toString());
                out << generator.application(i);
            }
        };
        const unsigned writers = std::max(1u, std::thread::hardware_concurrency());
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < writers; ++t) threads.emplace_back(writeShare, t, writers);
        for (auto& thread : threads) thread.join();
        printStage("files", count, "written", writing.seconds());

        if (!drive->syncFull) store().session() << "PRAGMA synchronous = NORMAL", now;
        Stopwatch intakeClock;
        std::vector<std::string> files = expandInputs({folder}), cases;
        ApplicationIntake intake(intakeSettings());
        IntakePipeline::Settings settings;
        settings.actor = "bench";
        IntakePipeline pipeline(intake, store(), settings);
        std::size_t next = 0;
        IntakeSummary summary = pipeline.run(
            [&]() -> std::optional<ReceivedDocument> {
                if (next >= files.size()) return std::nullopt;
                const std::string& path = files[next++];
                return ReceivedDocument{path, readWholeFile(path)};
            },
            [&](const CheckedApplication&, const RegisteredCase* registered) {
                if (registered) cases.push_back(registered->referenceNumber);
            });
        printStage("intake", cases.size(), "registered", intakeClock.seconds());
        if (summary.refused) complain(std::to_string(summary.refused) + " generated application(s) were refused");

        Stopwatch reviewClock;
        if (Problems problems = setUpGrantReview(engine(), dataDirectory()); !problems.empty()) {
            printProblems("workflows/grant-review.bpmn", problems);
            return exitRefused;
        }
        const long long steps =
            driveAllToEnd(engine(), store().session(), config().getString("grantflow.db"), cases, *drive).steps;
        printStage("review", cases.size(), "cases decided", reviewClock.seconds());

        Poco::Int64 letters = 0, letterBytes = 0;
        store().session() << "SELECT COUNT(*), COALESCE(SUM(LENGTH(content)), 0) FROM documents WHERE role = 'letter'",
            into(letters), into(letterBytes), now;
        const double seconds = total.seconds();
        std::printf("  total    %8zu applications  in %8.2f s  %10.0f /s; %lld steps; %lld letters stored "
                    "(%.1f KB each); peak RSS %.1f MB\n",
                    cases.size(), seconds, cases.size() / seconds, steps, static_cast<long long>(letters),
                    letters ? letterBytes / 1024.0 / letters : 0.0, peakResidentMegabytes());
        if (letterService())
            std::printf("  letters  %8lld rendered ahead on other threads, %lld by the writer itself\n",
                        letterService()->preparedUsed(), static_cast<long long>(letters) - letterService()->preparedUsed());
        return summary.refused ? exitRefused : exitOk;
    }
};

static RegisterCommand<BenchEndToEndCommand> registered("bench-e2e", "files to stored letters through the review");

}  // namespace grantflow::cli
