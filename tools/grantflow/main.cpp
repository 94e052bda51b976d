// grantflow VERB [options] [arguments]: the command line of the grantflow engine.
#include "Command.h"

#include <Poco/Util/OptionException.h>

#include <cstring>
#include <iostream>

namespace {

void printOverview(std::ostream& out) {
    out << "usage: grantflow VERB [options] [arguments]\n\n"
           "grantflow registers grant applications as cases, routes them through review\n"
           "workflows and writes the decision letters. Verbs:\n\n";
    std::string benchmarks;
    for (const auto& [verb, info] : grantflow::cli::commandRegistry()) {
        if (verb.rfind("bench-", 0) == 0) {
            benchmarks += (benchmarks.empty() ? "" : ", ") + verb.substr(6);
            continue;
        }
        out << "  " << verb << std::string(verb.size() < 12 ? 12 - verb.size() : 1, ' ') << info.summary << "\n";
    }
    if (!benchmarks.empty()) out << "  bench KIND  measure throughput and peak memory: " << benchmarks << "\n";
    out << "\n'grantflow VERB --help' explains one verb. Exit status: 0 success, 1 refused input,\n"
           "2 usage error.\n";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace grantflow::cli;
    if (argc < 2) {
        printOverview(std::cerr);
        return exitUsage;
    }
    std::string verb = argv[1];
    if (verb == "--help" || verb == "-h" || verb == "help") {
        printOverview(std::cout);
        return exitOk;
    }
    // "bench KIND ..." is the verb "bench-KIND": each benchmark has its own options.
    if (verb == "bench") {
        if (argc < 3 || argv[2][0] == '-') {
            printOverview(std::cerr);
            std::cerr << "\ngrantflow bench: name what to measure (see the list above)\n";
            return argc >= 3 && std::strcmp(argv[2], "--help") == 0 ? exitOk : exitUsage;
        }
        verb = "bench-" + std::string(argv[2]);
        ++argv;
        --argc;
    }
    auto found = commandRegistry().find(verb);
    if (found == commandRegistry().end()) {
        std::cerr << "grantflow: unknown verb '" << verb << "' (see grantflow --help)\n";
        return exitUsage;
    }
    auto command = found->second.make();
    try {
        command->init(argc - 1, argv + 1);
    } catch (const Poco::Exception& e) {
        std::cerr << "grantflow " << verb << ": " << e.displayText() << " (see grantflow " << verb
                  << " --help)\n";
        return exitUsage;
    }
    return command->run();
}
