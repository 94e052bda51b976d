// The case officers of the benchmarks: answers every task of the shipped grant
// review with a fixed outcome (anna checks and assesses, bo reviews, dora decides)
// and delivers the final report, acting only on what the store says, so a killed
// run can be started again and finishes what is left.
#pragma once

#include <grantflow/Problem.h>
#include <grantflow/workflow/WorkflowEngine.h>

#include <Poco/Data/Session.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/OptionSet.h>

#include <optional>
#include <string>
#include <vector>

namespace grantflow::cli {

// Deploys workflows/grant-review.bpmn of the data directory and gives the scripted
// officers their roles. Returns the file's problems; empty when it deployed.
Problems setUpGrantReview(workflow::WorkflowEngine& engine, const std::string& dataDirectory);

// How the benchmarks that drive cases commit: --batch and --sync.
struct DriveSettings {
    int batchSize = 1024;   // steps committed together; 1: every step on its own
    bool syncFull = false;  // survive power loss, not only a crash of the process
};

// Adds --batch and --sync, with `defaultSync` ("full" or "normal") as --sync's default.
void addDriveOptions(Poco::Util::OptionSet& options, const std::string& defaultSync);
// The settings the options asked for; nullopt when one is out of range.
std::optional<DriveSettings> driveSettings(const Poco::Util::AbstractConfiguration& config,
                                           const std::string& defaultSync);

// Where the writer thread's time went, in seconds of wall clock: what a faster run
// would have to take from.
struct WriterTime {
    double planning = 0;   // starting cases and finding each one's open task
    double tasks = 0;      // completing tasks (with answers checked ahead)
    double messages = 0;   // delivering final reports, and asking what a case waits for
    double jobs = 0;       // service tasks and timers (runDueJobs)
    double commits = 0;    // committing each round
    long long completed = 0, delivered = 0, jobsRun = 0, rounds = 0;
};

struct DriveResult {
    long long steps = 0;
    // CPU time of the thread that ran the steps: next to the wall clock, it tells
    // whether that one writer was the limit.
    double writerCpuSeconds = 0;
    WriterTime writer;
};

// Moves every case to the end of its workflow and returns the steps taken. Up to
// `batchSize` cases are under way at once, taken in a few at a time; each round
// moves every one of them a step and runs the jobs that are due (letters render
// meanwhile on the other cores, and the round's answers are read and checked
// there too), all in one StepBatch, one commit. The batch takes no savepoint per
// step (StepUndo::wholeBatch): a failed step ends the run in any case. With syncFull
// the commits are synced to disk by a flusher thread (GroupCommit) while the next
// round runs, and this returns when the last one is on disk. `session` and
// `databasePath` are the engine's store. Every 10 seconds it prints to stderr how
// far it got, the rate, the memory held and the store's size. Throws
// Poco::RuntimeException when a case gets stuck.
DriveResult driveAllToEnd(workflow::WorkflowEngine& engine, Poco::Data::Session& session,
                        const std::string& databasePath, const std::vector<std::string>& referenceNumbers,
                        const DriveSettings& settings);

}  // namespace grantflow::cli
