// grantflow bench-workflow --count N: routes N cases through the shipped grant
// review with a scripted reviewer completing every task and the worker running
// every job, each step its own durable transaction. The reviewer acts on what
// the store says (open tasks, waiting points), so a run killed at any moment can
// be started again on the same store and finishes what is left. With --replay-sql
// it also measures SQLite's own share of the run (StatementRecorder).
#include "InputFiles.h"
#include "ResourceUsage.h"
#include "ScriptedReviewer.h"
#include "StatementProfile.h"
#include "StatementRecorder.h"
#include "WorkflowCommand.h"

#include <grantflow/ApplicationIntake.h>
#include <grantflow/AuditChain.h>
#include <grantflow/CaseStore.h>
#include <grantflow/WalCheckpointer.h>
#include <grantflow/workflow/WorkflowEngine.h>

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Util/Option.h>


#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>

namespace grantflow::cli {

using Poco::Util::Option;
using namespace grantflow::workflow;


class BenchWorkflowCommand : public WorkflowCommand {
public:
    BenchWorkflowCommand()
        : WorkflowCommand("bench-workflow", "",
                          "Registers N generated cases, then routes each through the shipped grant review: a "
                          "scripted reviewer completes every task (validated outcomes merged into the case), the "
                          "worker runs every service task, the final report arrives as a message. Every step is "
                          "all-or-nothing, and --batch steps reach the disk in one commit; a step that failed "
                          "after it wrote would undo its whole batch (and end the run). Prints cases/s, steps/s, peak memory and store "
                          "size, and where the writer thread's time went: completing tasks, running jobs, delivering "
                          "messages, planning and committing. Uses a "
                          "fresh store in a temporary folder unless --db is given; a killed run can be started "
                          "again on the same --db and finishes the rest.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("count", "n", "cases to route (default 1000)").argument("N").binding("bench.count"));
        addDriveOptions(options, "normal");
        options.addOption(Option("sql-profile", "",
                                 "also print the SQL time of the run, statement by statement (costs a little)")
                              .binding("bench.sqlProfile"));
        options.addOption(Option("replay-sql", "",
                                 "also record every statement of the run and replay them alone on a copy of the "
                                 "registered store: what SQLite by itself needs for the same rows, as run and as "
                                 "writes alone without the steps' savepoints (about 45 KB of disk a case, in the "
                                 "temporary folder; slows the run itself)")
                              .binding("bench.replaySql"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments");
            return exitUsage;
        }
        int count = config().getInt("bench.count", 1000);
        const auto drive = driveSettings(config(), "normal");
        if (count < 1 || !drive) {
            complain("--count and --batch want a positive number, --sync normal or full");
            return exitUsage;
        }
        const bool replaySql = config().hasProperty("bench.replaySql");
        if (replaySql && config().hasProperty("bench.sqlProfile")) {
            complain("--replay-sql and --sql-profile both listen to every statement: use one at a time");
            return exitUsage;
        }
        std::unique_ptr<Poco::TemporaryFile> scratch;
        std::string path;
        if (config().hasProperty("grantflow.db")) {
            path = databasePath();
        } else {
            scratch = std::make_unique<Poco::TemporaryFile>();
            Poco::File(scratch->path()).createDirectories();
            path = Poco::Path(scratch->path(), "bench.db").toString();
        }
        StoreOptions storeOptions;
        storeOptions.syncFull = drive->syncFull;
        CaseStore store(path, storeOptions);

        EngineSettings settings;
        settings.outcomeSchemaDirectory = Poco::Path(Poco::Path(dataDirectory()), "schemas/outcomes").toString();
        // Room for the document of every case in flight (--batch of them): a cache that
        // overflows starts again empty, and every case is then parsed again.
        settings.documentCacheSize = std::max<std::size_t>(settings.documentCacheSize, 2 * drive->batchSize);
        WorkflowEngine engine(store.session(), settings);
        if (Problems problems = setUpGrantReview(engine, dataDirectory()); !problems.empty()) {
            printProblems("workflows/grant-review.bpmn", problems);
            return exitRefused;
        }

        std::vector<std::string> cases = registerCases(store, count);
        std::cerr << "registered " << cases.size() << " case(s) in " << path << "\n";
        std::optional<Poco::TemporaryFile> replayFolder;
        std::optional<StatementRecorder> recorder;
        if (replaySql) {
            replayFolder.emplace();
            Poco::File(replayFolder->path()).createDirectories();
            store.session() << "PRAGMA wal_checkpoint(TRUNCATE)", Poco::Data::Keywords::now;
            Poco::File(path).copyTo(registeredCopy(*replayFolder));
            recorder.emplace(Poco::Data::SQLite::Utility::dbHandle(store.session()), statementLog(*replayFolder));
        }

        auto started = std::chrono::steady_clock::now();
        double cpuStarted = processCpuSeconds();
        std::optional<StatementProfile> profile;
        if (config().hasProperty("bench.sqlProfile"))
            profile.emplace(Poco::Data::SQLite::Utility::dbHandle(store.session()));
        const DriveResult driven = driveAllToEnd(engine, store.session(), path, cases, *drive);
        const long long steps = driven.steps;
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        double cpu = processCpuSeconds() - cpuStarted;

        long long bytes = static_cast<long long>(Poco::File(path).getSize());
        Poco::File wal(path + "-wal");
        if (wal.exists()) bytes += static_cast<long long>(wal.getSize());
        std::cout << std::fixed << std::setprecision(1) << "routed " << cases.size() << " case(s), " << steps
                  << " step(s) in " << seconds << " s: " << cases.size() / seconds << " cases/s, " << steps / seconds
                  << " steps/s (synchronous=" << (drive->syncFull ? "full" : "normal") << ", " << drive->batchSize
                  << " per commit); CPU " << cpu << " s: " << cases.size() / cpu
                  << " cases per CPU-second, the writer thread " << driven.writerCpuSeconds << " s ("
                  << 100.0 * driven.writerCpuSeconds / seconds << "% of the time); peak RSS "
                  << peakResidentMegabytes() << " MB; store "
                  << bytes / 1048576.0 << " MB\n";
        printWriterTime(driven.writer);
        if (profile) profile->report(std::cout, cases.size(), 12);
        if (recorder) {
            recorder->finish();
            return replayAlone(*replayFolder, store, cases.size()) ? exitOk : exitRefused;
        }
        return exitOk;
    }

private:
    static void printWriterTime(const WriterTime& time) {
        auto each = [](double seconds, long long count) {
            return count > 0 ? seconds * 1e6 / static_cast<double>(count) : 0.0;
        };
        std::cout << std::fixed << std::setprecision(2) << "the writer thread's time: " << time.completed
                  << " tasks completed in " << time.tasks << " s (" << std::setprecision(1)
                  << each(time.tasks, time.completed) << " us each), " << time.jobsRun << " jobs run in "
                  << std::setprecision(2) << time.jobs << " s (" << std::setprecision(1)
                  << each(time.jobs, time.jobsRun) << " us each), " << time.delivered << " messages delivered in "
                  << std::setprecision(2) << time.messages << " s (with asking what cases wait for), planning "
                  << time.planning << " s (starting cases, finding open tasks), ";
        if (time.rounds > 0)
            std::cout << time.rounds << " commits in " << time.commits << " s\n";
        else
            std::cout << "every step committed on its own (within the times above)\n";
    }

    static std::string registeredCopy(const Poco::TemporaryFile& folder) {
        return Poco::Path(folder.path(), "registered.db").toString();
    }
    static std::string statementLog(const Poco::TemporaryFile& folder) {
        return Poco::Path(folder.path(), "statements.log").toString();
    }

    // Replays the recorded statements twice, each time on a fresh copy of the registered
    // store set up as the run's was (WAL copied back on another thread): as they ran,
    // then the writes alone without the steps' savepoints, the least a design that keeps
    // these rows could send to SQLite. Each replay must end the event log at the run's
    // audit-chain hash, with the chain intact (`audit verify`'s check), or its figure
    // would not be about this run: false if one did not.
    bool replayAlone(const Poco::TemporaryFile& folder, CaseStore& run, std::size_t cases) {
        const std::string runHead = verifyAuditChain(run.session()).headHash;
        ReplaySettings writesAlone;
        writesAlone.writesOnly = writesAlone.withoutSavepoints = true;
        bool faithful = true;
        for (const auto& [settings, what] :
             {std::pair{ReplaySettings{}, "as run"}, std::pair{writesAlone, "writes alone, no savepoints"}}) {
            const std::string copy = Poco::Path(folder.path(), "replay.db").toString();
            for (const std::string& leftover : {copy, copy + "-wal", copy + "-shm"})
                if (Poco::File(leftover).exists()) Poco::File(leftover).remove();
            Poco::File(registeredCopy(folder)).copyTo(copy);
            CaseStore replayed(copy, StoreOptions{});
            replayed.session() << "PRAGMA wal_autocheckpoint = " + std::to_string(WalCheckpointer::writerCheckpointPages),
                Poco::Data::Keywords::now;
            ReplayResult result;
            {
                WalCheckpointer checkpointer(copy);
                checkpointer.start();
                result = replayStatements(Poco::Data::SQLite::Utility::dbHandle(replayed.session()),
                                          statementLog(folder), settings);
            }
            const AuditReport chain = verifyAuditChain(replayed.session());
            const bool same = chain.intact && chain.headHash == runHead;
            faithful = faithful && same;
            std::cout << std::fixed << std::setprecision(1) << "SQLite alone, " << what << ": " << result.statements
                      << " statements in " << result.seconds << " s: " << cases / result.seconds
                      << " cases/s (synchronous=normal); "
                      << (same ? "its audit chain is intact and ends at the run's hash"
                               : "MISMATCH: its audit chain is broken or does not end at the run's hash")
                      << "\n";
        }
        return faithful;
    }

    // A year has 999,999 reference numbers (GF YYYY-NNNNNN). The bench dates its cases
    // half a million to a year, this year first and then the years before, so that a
    // store can grow to a million cases and more; routing does not read the date.
    static constexpr int casesPerYear = 500000;

    static Poco::Timestamp receivedFor(int firstCase) {
        // 366 days back is always an earlier year, leap or not.
        const Poco::Timespan yearBack(366, 0, 0, 0, 0);
        return Poco::Timestamp() - yearBack.totalMicroseconds() * (firstCase / casesPerYear);
    }

    // Registers `count` distinct applications (a sample with a numbered comment); registering
    // the same bytes again returns the case already there, so a restarted run finds its cases.
    std::vector<std::string> registerCases(CaseStore& store, int count) {
        ApplicationIntake intake(intakeSettings());
        std::string sample = readWholeFile(
            Poco::Path(Poco::Path(dataDirectory()), "forms/samples/applications/02-forstudie-minimal.xml").toString());
        std::vector<std::string> numbers;
        const int batch = 500;
        for (int first = 0; first < count; first += batch) {
            std::vector<CheckedApplication> checked;
            for (int i = first; i < std::min(count, first + batch); ++i)
                checked.push_back(intake.check("bench-" + std::to_string(i), sample + "<!-- bench " + std::to_string(i) + " -->\n"));
            std::vector<const CheckedApplication*> pointers;
            for (const auto& c : checked) pointers.push_back(&c);
            for (const auto& r : store.registerApplications(pointers, receivedFor(first), "bench"))
                numbers.push_back(r.referenceNumber);
        }
        return numbers;
    }

};

static RegisterCommand<BenchWorkflowCommand> registered("bench-workflow",
                                                        "route N cases through the grant review, every step durable");

}  // namespace grantflow::cli
