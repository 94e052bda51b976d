// grantflow bench inbox --count N: fills a store with N cases whose review has
// started (each waits at its first task), then times the task lists a case officer
// opens: a role's queue, a user's inbox, one case's tasks. The promise measured is
// that these stay fast however many cases the store holds (issue 3: a million).
#include "ApplicationGenerator.h"
#include "ResourceUsage.h"
#include "ScriptedReviewer.h"
#include "WorkflowCommand.h"

#include <grantflow/IntakePipeline.h>
#include <grantflow/workflow/WorkflowEngine.h>

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/Option.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

namespace grantflow::cli {

using Poco::Util::Option;
using namespace grantflow::workflow;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Runs `query` `times` times and prints the median and 99th percentile in ms.
void timeQuery(const char* name, int times, const std::function<std::size_t(int)>& query) {
    std::vector<double> ms;
    std::size_t rows = 0;
    for (int i = 0; i < times; ++i) {
        auto start = Clock::now();
        rows += query(i);
        ms.push_back(secondsSince(start) * 1000);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("  %-34s p50 %7.3f ms  p99 %7.3f ms  (%zu queries, %.1f rows each)\n", name, ms[ms.size() / 2],
                ms[ms.size() * 99 / 100], ms.size(), static_cast<double>(rows) / static_cast<double>(times));
}

}  // namespace

class BenchInboxCommand : public WorkflowCommand {
public:
    BenchInboxCommand()
        : WorkflowCommand("bench inbox", "",
                          "Registers N generated applications and starts the grant review of each (every case "
                          "then waits at its first task), then times the task lists: a role's queue, a user's "
                          "inbox and one case's tasks, 1,000 of each. Prints the fill rate, the latencies and "
                          "peak memory. Uses a fresh store in a temporary folder unless --db is given; a store "
                          "given again is filled up to N cases and measured.") {}

protected:
    bool createsStore() const override { return true; }
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("count", "n", "cases in the store (default 100000)").argument("N").binding("bench.count"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        const long long count = config().getInt64("bench.count", 100000);
        if (!arguments.empty() || count < 1) {
            complain("takes no arguments and a positive --count");
            return exitUsage;
        }
        std::unique_ptr<Poco::TemporaryFile> scratch;
        if (!config().hasProperty("grantflow.db")) {
            scratch = std::make_unique<Poco::TemporaryFile>();
            Poco::File(scratch->path()).createDirectories();
            config().setString("grantflow.db", Poco::Path(scratch->path(), "inbox.db").toString());
        }
        if (Problems problems = setUpGrantReview(engine(), dataDirectory()); !problems.empty()) {
            printProblems("workflows/grant-review.bpmn", problems);
            return exitRefused;
        }
        // The acknowledgement is only the way to the first task here; rendering a
        // million letters is what bench letters and bench e2e measure.
        engine().services().add("letter", [](ServiceCall&) {});
        std::printf("bench inbox: %lld cases in %s\n", count, config().getString("grantflow.db").c_str());

        // Registration, in the pipeline's own transactions of up to 4,096 documents.
        auto fillStart = Clock::now();
        ApplicationIntake intake(intakeSettings());
        IntakePipeline pipeline(intake, store(), IntakePipeline::Settings{});
        const ApplicationGenerator generator(11);
        long long next = 0;
        std::vector<std::string> cases;
        cases.reserve(static_cast<std::size_t>(count));
        pipeline.run(
            [&]() -> std::optional<ReceivedDocument> {
                if (next >= count) return std::nullopt;
                const long long i = next++;
                return ReceivedDocument{"generated-" + std::to_string(i), generator.application(static_cast<std::uint64_t>(i))};
            },
            [&](const CheckedApplication&, const RegisteredCase* registered) {
                if (registered) cases.push_back(registered->referenceNumber);
            });
        const double registerSeconds = secondsSince(fillStart);

        // Each case's review started, 4,096 to a commit; a case already started is skipped.
        auto startStart = Clock::now();
        for (std::size_t first = 0; first < cases.size(); first += 4096) {
            StepBatch batch(engine());
            for (std::size_t i = first; i < std::min(cases.size(), first + 4096); ++i)
                engine().startCase(cases[i], "grant-review", "bench");
            engine().runDueJobs();  // the acknowledgements, so each case waits at its first task
            batch.commit();
            if ((first / 4096) % 25 == 24)
                std::fprintf(stderr, "  started %zu of %zu\n", std::min(cases.size(), first + 4096), cases.size());
        }
        std::printf("  fill: %zu registered in %.1f s (%.0f/s), reviews started in %.1f s (%.0f/s)\n", cases.size(),
                    registerSeconds, static_cast<double>(cases.size()) / registerSeconds, secondsSince(startStart),
                    static_cast<double>(cases.size()) / secondsSince(startStart));

        TaskQuery role;
        role.role = "handlaggare";
        role.limit = 20;
        timeQuery("role queue (handlaggare, 20)", 1000, [&](int) { return engine().tasks(role).size(); });
        TaskQuery user;
        user.user = "anna";
        user.limit = 20;
        timeQuery("user inbox (anna, her roles, 20)", 1000, [&](int) { return engine().tasks(user).size(); });
        timeQuery("one case's open tasks", 1000, [&](int i) {
            TaskQuery one;
            one.referenceNumber = cases[static_cast<std::size_t>(i) * 7919 % cases.size()];
            return engine().tasks(one).size();
        });
        std::printf("  peak RSS %.1f MB; store %.0f MB\n", peakResidentMegabytes(),
                    static_cast<double>(Poco::File(config().getString("grantflow.db")).getSize()) / 1048576.0);
        return exitOk;
    }
};

static RegisterCommand<BenchInboxCommand> registered("bench-inbox", "time the task lists of a store with N cases");

}  // namespace grantflow::cli
