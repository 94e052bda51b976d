// grantflow generate: writes generated sample applications to a folder.
#include "ApplicationGenerator.h"
#include "Command.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/Util/Option.h>

#include <cstdio>
#include <iostream>

namespace grantflow::cli {

using Poco::Util::Option;

class GenerateCommand : public Command {
public:
    GenerateCommand()
        : Command("generate", "FOLDER",
                  "Writes realistic sample applications (valid ones, and with --broken some that break "
                  "one rule each) into FOLDER, for trying grantflow out and for load tests. The same "
                  "--seed gives the same files.") {}

protected:
    bool usesStore() const override { return false; }

    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Option("count", "n", "how many applications (default 100)").argument("N").binding("generate.count"));
        options.addOption(Option("seed", "", "seed of the generator (default 1)").argument("N").binding("generate.seed"));
        options.addOption(Option("broken", "", "how many of them break a rule (default 0)").argument("N").binding("generate.broken"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (arguments.size() != 1) {
            complain("name the folder to write to (see grantflow generate --help)");
            return exitUsage;
        }
        const auto count = static_cast<std::uint64_t>(wholeNumber("generate.count", 100, 1, 100000000));
        const auto broken = static_cast<std::uint64_t>(wholeNumber("generate.broken", 0, 0, static_cast<long long>(count)));
        ApplicationGenerator generator(static_cast<std::uint64_t>(wholeNumber("generate.seed", 1, 0, 1LL << 62)));
        Poco::File(arguments[0]).createDirectories();
        for (std::uint64_t i = 0; i < count; ++i) {
            char name[64];
            std::snprintf(name, sizeof name, "application-%07llu.xml", static_cast<unsigned long long>(i + 1));
            Poco::FileOutputStream out(Poco::Path(arguments[0], name).toString());
            out << (i < broken ? generator.brokenApplication(i) : generator.application(i));
        }
        std::cout << "wrote " << count << " applications to " << arguments[0] << "\n";
        return exitOk;
    }
};

static RegisterCommand<GenerateCommand> registered("generate", "write generated sample applications to a folder");

}  // namespace grantflow::cli
