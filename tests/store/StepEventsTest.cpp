#include <boost/test/unit_test.hpp>

#include "store/StepEvents.h"

using grantflow::EventEntry;
using grantflow::joinedDetail;
using grantflow::splitEntries;

BOOST_AUTO_TEST_SUITE(StepEvents)

BOOST_AUTO_TEST_CASE(the_entries_of_a_step_come_back_as_they_were_logged) {
    const std::vector<EventEntry> logged = {
        {"task-completed", "task 6: eligibility 'Behörighetsprövning' with outcome 'eligibility'"},
        {"gateway-passed", "isEligible 'Behörig?' took f_eligible 'ja' to toAssessment"},
        {"task-created", "task 11: assessment 'Bedömning\noch förslag' for handlaggare"},  // a name with a line break
    };
    const auto read = splitEntries("task-completed", joinedDetail(logged));
    BOOST_REQUIRE(read.size() == logged.size());
    for (std::size_t i = 0; i < logged.size(); ++i) {
        BOOST_TEST(read[i].kind == logged[i].kind);
        BOOST_TEST(read[i].detail == logged[i].detail);
    }
}

BOOST_AUTO_TEST_CASE(separators_inside_a_detail_cannot_forge_an_entry) {
    // A message id comes from outside; its bytes must not start an entry of their own.
    const std::vector<EventEntry> logged = {{"message-received", "'report' (id x\x1e" "task-completed\x1f" "forged)"}};
    const auto read = splitEntries("message-received", joinedDetail(logged));
    BOOST_REQUIRE(read.size() == 1u);
    BOOST_TEST(read[0].detail == "'report' (id x task-completed forged)");
}

BOOST_AUTO_TEST_CASE(a_row_written_before_steps_were_grouped_is_one_entry) {
    const auto read = splitEntries("registered", "channel=xml source=a.xml");
    BOOST_REQUIRE(read.size() == 1u);
    BOOST_TEST(read[0].kind == "registered");
    BOOST_TEST(read[0].detail == "channel=xml source=a.xml");
}

BOOST_AUTO_TEST_SUITE_END()
