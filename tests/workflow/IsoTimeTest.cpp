// ISO 8601 as BPMN timers write it: what parses, what is refused, and the arithmetic.
#include <boost/test/unit_test.hpp>

#include <grantflow/workflow/IsoTime.h>

using namespace grantflow::workflow;

BOOST_AUTO_TEST_SUITE(IsoTime)

BOOST_AUTO_TEST_CASE(durations_parse_in_every_unit) {
    auto d = IsoDuration::parse("P1Y2M3W4DT5H6M7S");
    BOOST_REQUIRE(d);
    BOOST_TEST(d->years == 1);
    BOOST_TEST(d->months == 2);
    BOOST_TEST(d->weeks == 3);
    BOOST_TEST(d->days == 4);
    BOOST_TEST(d->hours == 5);
    BOOST_TEST(d->minutes == 6);
    BOOST_TEST(d->seconds == 7);
    BOOST_TEST(IsoDuration::parse("P14D")->daysOnly());
    BOOST_TEST(!IsoDuration::parse("PT36H")->daysOnly());
}

BOOST_AUTO_TEST_CASE(malformed_durations_are_refused) {
    for (const char* bad : {"", "P", "PT", "14 days", "P1H", "PT1D", "P1D2Y", "P-1D", "p1d", "P1DT"})
        BOOST_TEST(!IsoDuration::parse(bad), bad);
    // Over a thousand years: the due date would not fit an ISO 8601 date.
    for (const char* huge : {"P1000000000Y", "P1001Y", "P400000D", "PT100000000H"})
        BOOST_TEST(!IsoDuration::parse(huge), huge);
    BOOST_TEST(IsoDuration::parse("P999Y").has_value());
}

BOOST_AUTO_TEST_CASE(cycles_give_repetitions_and_interval) {
    auto c = IsoCycle::parse("R3/P1D");
    BOOST_REQUIRE(c);
    BOOST_TEST(c->repetitions == 3);
    BOOST_TEST(c->interval.days == 1);
    BOOST_TEST(IsoCycle::parse("R/PT1H")->repetitions == -1);
    BOOST_TEST(!IsoCycle::parse("R3/P0D"));
    BOOST_TEST(!IsoCycle::parse("R3/2026-01-01/P1D"));
}

BOOST_AUTO_TEST_CASE(instants_honour_their_offset) {
    BOOST_TEST(*parseIsoInstant("1970-01-01T00:00:00Z") == 0);
    BOOST_TEST(*parseIsoInstant("2026-12-01") == *parseIsoInstant("2026-12-01T00:00:00Z"));
    BOOST_TEST(*parseIsoInstant("2026-12-01T10:00:00+01:00") == *parseIsoInstant("2026-12-01T09:00:00Z"));
    BOOST_TEST(formatInstant(*parseIsoInstant("2028-02-29T23:59:59Z")) == "2028-02-29T23:59:59Z");
    for (const char* bad : {"2026-02-30", "2026-13-01", "2026-12-01T09:00:00", "tomorrow", "2026-12-01T25:00Z"})
        BOOST_TEST(!parseIsoInstant(bad), bad);
}

BOOST_AUTO_TEST_CASE(months_are_added_on_the_calendar_and_clamped) {
    Instant jan31 = *parseIsoInstant("2027-01-31T12:00:00Z");
    BOOST_TEST(formatInstant(addCalendar(jan31, *IsoDuration::parse("P1M"))) == "2027-02-28T12:00:00Z");
    BOOST_TEST(formatInstant(addCalendar(jan31, *IsoDuration::parse("P1Y1M"))) == "2028-02-29T12:00:00Z");
    BOOST_TEST(formatInstant(addCalendar(jan31, *IsoDuration::parse("P2DT12H"))) == "2027-02-03T00:00:00Z");
}

BOOST_AUTO_TEST_SUITE_END()
