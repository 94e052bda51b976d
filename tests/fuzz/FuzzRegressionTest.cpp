// Replays every input the fuzzer ever crashed on (tests/fuzz/crashes/) through intake:
// each must end in a verdict, accepted or refused with a reason, never a crash.
#define BOOST_TEST_MODULE fuzz_regression
#include <boost/test/unit_test.hpp>

#include <grantflow/ApplicationIntake.h>

#include <Poco/File.h>

#include "TestSupport.h"

using namespace grantflow;

BOOST_AUTO_TEST_CASE(every_kept_crash_input_gets_a_verdict) {
    IntakeSettings settings;
    settings.schemaPath = test::sourcePath("schemas/application.xsd");
    ApplicationIntake intake(settings);
    std::vector<std::string> files;
    for (const char* folder : {"tests/fuzz/crashes", "tests/fuzz/corpus"}) {
        Poco::File dir(test::sourcePath(folder));
        if (!dir.exists()) continue;
        std::vector<std::string> names;
        dir.list(names);
        for (const auto& name : names) files.push_back(test::sourcePath(std::string(folder) + "/" + name));
    }
    BOOST_TEST(!files.empty());
    for (const auto& path : files) {
        CheckedApplication checked = intake.check(path, test::readFile(path));
        BOOST_TEST((checked.accepted() || !checked.problems.front().message.empty()), path);
    }
}
