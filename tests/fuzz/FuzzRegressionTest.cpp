// Replays every input the fuzzers ever crashed on through what they fuzz: intake
// (tests/fuzz/crashes/) and the deploy check (tests/fuzz/crashes-bpmn/). Each must
// end in a verdict, accepted or refused with a reason, never a crash.
#define BOOST_TEST_MODULE fuzz_regression
#include <boost/test/unit_test.hpp>

#include <grantflow/ApplicationIntake.h>
#include <grantflow/workflow/BpmnLoader.h>
#include <grantflow/workflow/ServiceRegistry.h>

#include <Poco/File.h>

#include "TestSupport.h"

using namespace grantflow;

namespace {

// The files in those of `folders` that exist, as paths.
std::vector<std::string> filesIn(std::initializer_list<const char*> folders) {
    std::vector<std::string> files;
    for (const char* folder : folders) {
        Poco::File dir(test::sourcePath(folder));
        if (!dir.exists()) continue;
        std::vector<std::string> names;
        dir.list(names);
        for (const auto& name : names) files.push_back(test::sourcePath(std::string(folder) + "/" + name));
    }
    return files;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_kept_crash_input_gets_a_verdict) {
    IntakeSettings settings;
    settings.schemaPath = test::sourcePath("schemas/application.xsd");
    ApplicationIntake intake(settings);
    const std::vector<std::string> files = filesIn({"tests/fuzz/crashes", "tests/fuzz/corpus"});
    BOOST_TEST(!files.empty());
    for (const auto& path : files) {
        CheckedApplication checked = intake.check(path, test::readFile(path));
        BOOST_TEST((checked.accepted() || !checked.problems.front().message.empty()), path);
    }
}

// The BPMN fuzzer's seeds (the test files) and any crash it found: deployed whole
// or refused with a message, never both, never neither.
BOOST_AUTO_TEST_CASE(every_kept_bpmn_input_is_deployed_or_refused) {
    workflow::LoaderSettings settings;
    settings.outcomeSchemaDirectory = test::sourcePath("schemas/outcomes");
    settings.knownPlugins = workflow::ServiceRegistry().names();
    const std::vector<std::string> files =
        filesIn({"tests/fuzz/crashes-bpmn", "tests/data/bpmn", "tests/data/bpmn/refused", "tests/data/bpmn/runnable"});
    std::size_t bpmnFiles = 0;
    for (const auto& path : files) {
        if (Poco::File(path).isDirectory()) continue;
        ++bpmnFiles;
        auto loaded = workflow::BpmnLoader(settings).load(test::readFile(path));
        BOOST_TEST(loaded.problems.empty() != loaded.processes.empty(), path);
        for (const auto& problem : loaded.problems) BOOST_TEST(!problem.message.empty(), path);
    }
    BOOST_TEST(bpmnFiles > 30u);
}
