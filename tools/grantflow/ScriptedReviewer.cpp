#include "ScriptedReviewer.h"

#include "InputFiles.h"
#include "ResourceUsage.h"

#include <grantflow/GroupCommit.h>
#include <grantflow/WalCheckpointer.h>

#include <Poco/Exception.h>
#include <Poco/Path.h>
#include <Poco/Util/Option.h>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <optional>

namespace grantflow::cli {

using namespace grantflow::workflow;

namespace {

// What the scripted reviewer answers at each task of the grant review, and who answers.
struct Answer {
    std::string user, outcome;
};

const std::map<std::string, Answer>& answers() {
    static const std::string ns = " xmlns=\"urn:grantflow:case:1\"";
    static const std::map<std::string, Answer> table = {
        {"checkPaper", {"reg", "<review" + ns + " step=\"registration\"><outcome>confirmed</outcome></review>"}},
        {"completeness", {"anna", "<review" + ns + " step=\"completeness\"><outcome>complete</outcome></review>"}},
        {"eligibility", {"anna", "<review" + ns + " step=\"eligibility\"><outcome>eligible</outcome></review>"}},
        {"assessment",
         {"anna", "<review" + ns + " step=\"assessment\"><noConflictOfInterest>true</noConflictOfInterest><quality>4"
                  "</quality><relevance>4</relevance><feasibility>4</feasibility><recommendation>bifall"
                  "</recommendation><proposedAmount>85000</proposedAmount><reasons><p>Good.</p></reasons></review>"}},
        {"seniorReview", {"bo", "<review" + ns + " step=\"senior\"><outcome>agree</outcome></review>"}},
        {"decision",
         {"dora", "<decision" + ns + "><outcome>bifall</outcome><amount>85000</amount><reasons><p>Meets the aims."
                  "</p></reasons></decision>"}},
        {"reviewReport",
         {"bo", "<review" + ns + " step=\"final-report\"><outcome>approved</outcome><unusedAmount>0</unusedAmount>"
                "</review>"}},
        {"repayment",
         {"erik", "<review" + ns + " step=\"repayment\"><outcome>repaid</outcome><amount>0</amount></review>"}},
    };
    return table;
}

enum class Move { stepped, waiting, ended };

// A case's step of the coming round, as the store says before any case moves: its
// open task with the scripted answer, or (no task open) whatever else moves it.
struct PlannedStep {
    long long task = 0;  // 0: no task open
    std::string node, form;
    const Answer* answer = nullptr;
    std::future<PreparedOutcome> outcome;  // the answer read and checked ahead
};

// Starts the case until `started` (which a case stays once the store says it runs),
// then looks up its open task. `stepped` when starting it was its step this round,
// else `waiting`: takeStep() says what moves it.
Move planStep(WorkflowEngine& engine, const std::string& dnr, bool& started, PlannedStep& plan) {
    if (!started) {
        Outcome start = engine.startCase(dnr, "grant-review", "bench");
        if (!start.ok) throw Poco::RuntimeException("cannot start " + dnr + ": " + start.message);
        started = true;
        if (start.code.empty()) return Move::stepped;
    }
    TaskQuery query;
    query.referenceNumber = dnr;
    auto open = engine.tasks(query);
    if (open.empty()) return Move::waiting;
    auto answer = answers().find(open.front().node);
    if (answer == answers().end()) throw Poco::RuntimeException("no scripted answer for " + open.front().node);
    plan.task = open.front().id;
    plan.node = open.front().node;
    plan.form = open.front().form;
    plan.answer = &answer->second;
    return Move::waiting;
}

// Reads and checks the planned answers on another thread, in order, while this one
// moves the cases: the writer then finds most of them ready in plan.outcome.
std::future<void> prepareAnswers(WorkflowEngine& engine, std::vector<PlannedStep>& plans) {
    struct Work {
        std::promise<PreparedOutcome> promise;
        std::string form;
        const std::string* outcome;
    };
    std::vector<Work> work;
    for (auto& plan : plans)
        if (plan.task != 0) {
            work.push_back({std::promise<PreparedOutcome>(), plan.form, &plan.answer->outcome});
            plan.outcome = work.back().promise.get_future();
        }
    return std::async(std::launch::async, [&engine, work = std::move(work)]() mutable {
        for (auto& w : work) {
            try {
                w.promise.set_value(engine.prepareOutcome(w.form, *w.outcome));
            } catch (...) {
                w.promise.set_exception(std::current_exception());
            }
        }
    });
}

// Carries out a planned step: completes the open task with its prepared answer or,
// with none open, delivers the final report the case waits for. `waiting` when only
// a job can move it on.
Move takeStep(WorkflowEngine& engine, const std::string& dnr, PlannedStep& plan, WriterTime& time) {
    if (plan.task != 0) {
        TimedScope timed(time.tasks);
        Outcome done = engine.complete(plan.task, plan.answer->user, plan.outcome.get());
        if (!done.ok) throw Poco::RuntimeException(dnr + " " + plan.node + ": " + done.message);
        ++time.completed;
        return Move::stepped;
    }
    TimedScope timed(time.messages);
    auto waiting = engine.waitingPoints(dnr);
    if (waiting.empty()) return Move::ended;
    for (const auto& w : waiting)
        if (w.detail.find("final-report-received") != std::string::npos) {
            Outcome taken = engine.message(dnr, "final-report-received", "report:" + dnr, "bench");
            if (!taken.ok) throw Poco::RuntimeException(dnr + ": " + taken.message);
            ++time.delivered;
            return Move::stepped;
        }
    return Move::waiting;
}

double fileGigabytes(const std::string& path) {
    struct stat s {};
    return stat(path.c_str(), &s) == 0 ? static_cast<double>(s.st_size) / (1024.0 * 1024.0 * 1024.0) : 0.0;
}

// How far a long run got, every 10 seconds on stderr: the rate since the last line
// and the memory held show whether either drifts as the store grows.
class ProgressLine {
public:
    ProgressLine(std::string databasePath, std::size_t total) : _databasePath(std::move(databasePath)), _total(total) {}

    void update(std::size_t done) {
        auto now = std::chrono::steady_clock::now();
        double seconds = std::chrono::duration<double>(now - _last).count();
        if (seconds < 10) return;
        std::fprintf(stderr, "  %zu of %zu cases done (%.0f%%), %.0f cases/s in the last %.0f s; RSS %.1f MB; store %.2f GB\n",
                     done, _total, 100.0 * static_cast<double>(done) / static_cast<double>(_total),
                     static_cast<double>(done - _lastDone) / seconds, seconds, residentMegabytes(),
                     fileGigabytes(_databasePath) + fileGigabytes(_databasePath + "-wal"));
        _last = now;
        _lastDone = done;
    }

private:
    std::string _databasePath;
    std::size_t _total;
    std::chrono::steady_clock::time_point _last = std::chrono::steady_clock::now();
    std::size_t _lastDone = 0;
};

}  // namespace

Problems setUpGrantReview(WorkflowEngine& engine, const std::string& dataDirectory) {
    const std::string bpmn = Poco::Path(Poco::Path(dataDirectory), "workflows/grant-review.bpmn").toString();
    auto deployed = engine.deploy(readWholeFile(bpmn), "workflows/grant-review.bpmn", "bench");
    if (!deployed.problems.empty()) return deployed.problems;
    for (auto [user, role] : {std::pair{"reg", "registrator"}, std::pair{"anna", "handlaggare"},
                              std::pair{"bo", "handlaggare"}, std::pair{"dora", "beslutsfattare"},
                              std::pair{"erik", "ekonomi"}})
        engine.grantRole(user, role);
    return {};
}

void addDriveOptions(Poco::Util::OptionSet& options, const std::string& defaultSync) {
    options.addOption(Poco::Util::Option("batch", "b",
                                         "steps committed together, and cases in flight (group commit, default 1024); 1 commits every "
                                         "step on its own")
                          .argument("N")
                          .binding("bench.batch"));
    options.addOption(Poco::Util::Option("sync", "",
                                         "SQLite synchronous mode: full (survives power loss) or normal (survives "
                                         "a crash of the process); default " + defaultSync)
                          .argument("MODE")
                          .binding("bench.sync"));
}

std::optional<DriveSettings> driveSettings(const Poco::Util::AbstractConfiguration& config,
                                           const std::string& defaultSync) {
    DriveSettings settings;
    settings.batchSize = config.getInt("bench.batch", settings.batchSize);
    const std::string sync = config.getString("bench.sync", defaultSync);
    if (settings.batchSize < 1 || (sync != "full" && sync != "normal")) return std::nullopt;
    settings.syncFull = sync == "full";
    return settings;
}

DriveResult driveAllToEnd(WorkflowEngine& engine, Poco::Data::Session& session, const std::string& databasePath,
                          const std::vector<std::string>& dnrs, const DriveSettings& settings) {
    const double cpuStarted = threadCpuSeconds();
    ProgressLine progress(databasePath, dnrs.size());
    GroupCommit durable(databasePath + "-wal", settings.syncFull);
    if (settings.syncFull) {
        session << "PRAGMA synchronous = NORMAL", Poco::Data::Keywords::now;  // the flusher syncs instead
        durable.start();
    }
    // The log is copied back into the database file on another thread, mostly.
    WalCheckpointer checkpointer(databasePath);
    session << "PRAGMA wal_autocheckpoint = " + std::to_string(WalCheckpointer::writerCheckpointPages),
        Poco::Data::Keywords::now;
    checkpointer.start();
    std::uint64_t lastCommit = 0;
    const int batchSize = settings.batchSize;
    struct Active {
        std::string dnr;
        int rounds = 0;
        bool started = false;
    };
    const std::size_t window = static_cast<std::size_t>(std::max(1, batchSize));
    // Cases come in a few at a time, so that each round holds cases at every stage
    // and the letters of some render while the others' tasks are completed.
    const std::size_t admitPerRound = std::max<std::size_t>(1, window / 8);
    std::size_t next = 0;
    std::vector<Active> active;
    long long steps = 0;
    WriterTime time;
    while (next < dnrs.size() || !active.empty()) {
        for (std::size_t n = 0; n < admitPerRound && active.size() < window && next < dnrs.size(); ++n)
            active.push_back({dnrs[next++]});
        engine.prepareDueJobs();
        std::optional<StepBatch> batch;
        if (window > 1) batch.emplace(engine, StepUndo::wholeBatch);  // a failed step ends the run anyway
        long long moved = 0;
        std::vector<Active> still;
        std::vector<PlannedStep> plans(active.size());
        std::vector<Move> moves(active.size());
        {
            TimedScope timed(time.planning);
            for (std::size_t i = 0; i < active.size(); ++i) {
                if (++active[i].rounds > 100)
                    throw Poco::RuntimeException(active[i].dnr + " did not finish in 100 rounds");
                moves[i] = planStep(engine, active[i].dnr, active[i].started, plans[i]);
            }
        }
        std::future<void> preparing = prepareAnswers(engine, plans);
        for (std::size_t i = 0; i < active.size(); ++i) {
            if (moves[i] != Move::stepped) moves[i] = takeStep(engine, active[i].dnr, plans[i], time);
            if (moves[i] == Move::stepped) ++moved;
            if (moves[i] != Move::ended) still.push_back(std::move(active[i]));
        }
        preparing.get();
        // Letters still rendering wait for a later round rather than hold this one up.
        {
            TimedScope timed(time.jobs);
            const int ran = engine.runDueJobs(1000000, false);
            moved += ran;
            time.jobsRun += ran;
        }
        if (batch) {
            TimedScope timed(time.commits);
            batch->commit();
            ++time.rounds;
        }
        lastCommit = durable.noteCommit();
        steps += moved;
        if (moved == 0 && !still.empty() && !engine.nextJobDue() && next >= dnrs.size())
            throw Poco::RuntimeException(still.front().dnr + " is stuck at " +
                                         engine.waitingPoints(still.front().dnr).front().node);
        active = std::move(still);
        if (moved == 0) engine.awaitPreparation();  // nothing else can move until they are ready
        progress.update(next - active.size());
    }
    durable.waitDurable(lastCommit);
    session << "PRAGMA wal_autocheckpoint = 1000", Poco::Data::Keywords::now;  // SQLite's default again
    return {steps, threadCpuSeconds() - cpuStarted, time};
}

}  // namespace grantflow::cli
