// grantflow watch DIR: registers every file dropped into DIR/inbox and moves it
// to DIR/done (renamed with its reference number) or DIR/failed (with a
// .reason.txt). Safe to kill at any moment; run it again and it carries on.
#include <Poco/Util/Option.h>
#include <grantflow/HotFolder.h>
#include <grantflow/PaperIntake.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "Command.h"

#include <Poco/File.h>

namespace grantflow::cli {

namespace {

std::atomic<bool> stopRequested{false};

extern "C" void requestStop(int) { stopRequested = true; }

}  // namespace

class WatchCommand : public Command {
public:
    WatchCommand()
        : Command(
              "watch", "DIR",
              "Watches DIR/inbox for applications (XML, filled PDF forms, scanned "
              "PDF/PNG/TIFF/JPEG) "
              "and registers each as a case: the file moves to DIR/done named after its reference "
              "number, or to DIR/failed with NAME.reason.txt saying why. Files whose names start "
              "with '.' or end in .part or .tmp are left alone until renamed. Stops on Ctrl-C or "
              "SIGTERM.") {}

protected:
    bool createsStore() const override { return true; }
    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Poco::Util::Option("once", "", "take what is in the inbox now, then stop")
                              .binding("watch.once"));
        options.addOption(
            Poco::Util::Option("interval", "", "milliseconds between looks (default 1000)")
                .argument("MS")
                .binding("watch.interval"));
        options.addOption(
            Poco::Util::Option("settle", "",
                               "milliseconds a file must stand still before it is taken "
                               "(default 2000)")
                .argument("MS")
                .binding("watch.settle"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.size() != 1) {
            complain("name one folder (see grantflow watch --help)");
            return exitUsage;
        }
        ApplicationIntake intake(intakeSettings());
        PaperIntake paper(intake,
                          PaperIntakeSettings::fromConfiguration(config(), dataDirectory()));
        HotFolderSettings settings;
        settings.directory = arguments.front();
        settings.settleMilliseconds =
            static_cast<int>(wholeNumber("watch.settle", settings.settleMilliseconds, 0, 3600 * 1000));
        const int intervalMilliseconds = static_cast<int>(wholeNumber("watch.interval", 1000, 10, 3600 * 1000));
        settings.actor = actor();
        // Its inbox, done and failed folders are made inside it; the folder itself is
        // not, or a mistyped name would be watched, empty, for ever.
        Poco::File watched(arguments.front());
        if (!watched.exists() || !watched.isDirectory()) {
            complain(arguments.front() + (watched.exists() ? " is not a folder" : " does not exist") +
                     ": name the hot folder to watch (its inbox, done and failed are made inside it)");
            return exitRefused;
        }
        auto store = openStore();
        HotFolder folder(settings, intake, paper, *store);

        long refused = 0;
        auto report = [&](const HotFolderOutcome& outcome) {
            if (outcome.registered) {
                std::cout << outcome.referenceNumber << "\t" << outcome.name
                          << (outcome.alreadyRegistered ? "\t(already registered)" : "")
                          << std::endl;
            } else {
                ++refused;
                std::cerr << outcome.reason
                          << (outcome.reason.empty() || outcome.reason.back() != '\n' ? "\n" : "")
                          << std::flush;
            }
        };
        if (config().hasProperty("watch.once")) {
            for (const HotFolderOutcome& outcome : folder.drain()) report(outcome);
            return refused ? exitRefused : exitOk;
        }
        std::signal(SIGINT, requestStop);
        std::signal(SIGTERM, requestStop);
        std::cerr << "grantflow watch: watching " << folder.inbox() << " (Ctrl-C stops)"
                  << std::endl;
        folder.run(intervalMilliseconds, [] { return !stopRequested.load(); }, report);
        return exitOk;
    }
};

static RegisterCommand<WatchCommand> registered(
    "watch", "register files dropped into a folder (hot folder)");

}  // namespace grantflow::cli
