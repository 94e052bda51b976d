// grantflow work: the job worker. Runs due service tasks and timers, each in its own transaction.
#include "WorkflowCommand.h"

#include <Poco/Thread.h>
#include <Poco/Util/Option.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;

class WorkCommand : public WorkflowCommand {
public:
    WorkCommand()
        : WorkflowCommand("work", "",
                          "Runs the jobs that are due (service tasks, timers, retries) until none is due, then "
                          "exits; with --follow it keeps polling. A job that keeps failing becomes an incident "
                          "(see grantflow incidents). Safe to kill at any moment and to run several at once.") {}

protected:
    void defineWorkflowOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("follow", "", "keep running and poll for due jobs").binding("work.follow"));
        options.addOption(Option("max", "", "stop after N jobs").argument("N").binding("work.max"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments");
            return exitUsage;
        }
        int max = static_cast<int>(wholeNumber("work.max", 1000000000, 1, 1000000000));
        bool follow = config().hasProperty("work.follow");
        // Jobs are taken a batch at a time so that a long run can say how far it is,
        // on a terminal only: a log or a pipe gets the total at the end.
        constexpr int batch = 500;
        const bool showProgress = isatty(STDERR_FILENO);
        auto lastProgress = std::chrono::steady_clock::now();
        long long total = 0;
        for (;;) {
            int ran = engine().runDueJobs(std::min(batch, max - static_cast<int>(total)));
            total += ran;
            const auto now = std::chrono::steady_clock::now();
            if (showProgress && ran > 0 && now - lastProgress > std::chrono::milliseconds(200)) {
                std::cerr << "\r\033[Kworking: " << total << " job(s) run" << std::flush;
                lastProgress = now;
            }
            if (total >= max || (!follow && ran == 0)) break;
            if (ran == 0) Poco::Thread::sleep(200);
        }
        if (showProgress) std::cerr << "\r\033[K" << std::flush;
        std::cout << total << " job(s) run\n";
        return exitOk;
    }
};

static RegisterCommand<WorkCommand> registered("work", "run due service tasks and timers");

}  // namespace grantflow::cli
