#include <boost/test/unit_test.hpp>

#include <grantflow/IntakePipeline.h>

#include "TestSupport.h"

using namespace grantflow;

BOOST_AUTO_TEST_SUITE(IntakePipelineSuite)

BOOST_AUTO_TEST_CASE(documents_are_numbered_in_the_order_given_whatever_thread_checks_them) {
    test::TempDir dir;
    IntakeSettings settings;
    settings.schemaPath = test::sourcePath("schemas/application.xsd");
    ApplicationIntake intake(settings);
    CaseStore store(dir.file("cases.db"));
    IntakePipeline::Settings pipelineSettings;
    pipelineSettings.workers = 4;
    pipelineSettings.maxBatch = 7;
    pipelineSettings.maxInFlight = 16;
    IntakePipeline pipeline(intake, store, pipelineSettings);

    std::string valid = test::readFile(test::dataPath("applications/valid/02-forstudie-minimal.xml"));
    std::string invalid = test::readFile(test::dataPath("applications/invalid/budget-does-not-add-up.xml"));
    const int total = 300;
    int next = 0;
    auto source = [&]() -> std::optional<ReceivedDocument> {
        if (next >= total) return std::nullopt;
        int index = next++;
        std::string bytes = index % 10 == 9 ? invalid : valid;
        bytes.replace(bytes.find("<submitted>"), 0, "<reference>P-" + std::to_string(index) + "</reference>");
        return ReceivedDocument{std::to_string(index), bytes};
    };
    std::vector<std::string> order, numbers;
    auto report = [&](const CheckedApplication& application, const RegisteredCase* registered) {
        order.push_back(application.sourceName);
        if (registered) numbers.push_back(registered->referenceNumber);
    };
    IntakeSummary summary = pipeline.run(source, report);

    BOOST_TEST(summary.accepted == 270);
    BOOST_TEST(summary.refused == 30);
    BOOST_REQUIRE(order.size() == static_cast<std::size_t>(total));
    for (int i = 0; i < total; ++i) BOOST_TEST(order[i] == std::to_string(i));
    for (std::size_t i = 0; i < numbers.size(); ++i)
        BOOST_TEST(ReferenceNumber::parse(numbers[i]).sequence == static_cast<long>(i + 1));
}

BOOST_AUTO_TEST_SUITE_END()
