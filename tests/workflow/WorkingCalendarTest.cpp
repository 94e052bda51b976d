// Swedish working days: computed holidays, Easter included, and deadlines counted over them.
#include <boost/test/unit_test.hpp>

#include <grantflow/SwedishTime.h>
#include <grantflow/workflow/IsoTime.h>
#include <grantflow/workflow/WorkingCalendar.h>

#include <algorithm>

using namespace grantflow::workflow;

namespace {

bool isDayOff(int year, int month, int day, const std::string& name) {
    auto days = WorkingCalendar::daysOff(year);
    return std::any_of(days.begin(), days.end(), [&](const Holiday& h) {
        return h.date == CalendarDate{year, month, day} && h.name == name;
    });
}

std::string after(const char* from, int days) {
    return formatInstant(WorkingCalendar::addWorkingDays(*parseIsoInstant(from), days));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(WorkingCalendar_)

BOOST_AUTO_TEST_CASE(easter_sunday_matches_the_almanac) {
    struct { int year, month, day; } known[] = {{2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24}, {2019, 4, 21},
                                               {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28},
                                               {2038, 4, 25}, {2285, 3, 22}};
    for (auto k : known) {
        CalendarDate e = WorkingCalendar::easterSunday(k.year);
        BOOST_TEST((e == CalendarDate{k.year, k.month, k.day}), k.year);
    }
}

BOOST_AUTO_TEST_CASE(moveable_holidays_follow_easter_and_the_weekday_rules) {
    BOOST_TEST(isDayOff(2026, 4, 3, "långfredagen"));
    BOOST_TEST(isDayOff(2026, 4, 6, "annandag påsk"));
    BOOST_TEST(isDayOff(2026, 5, 14, "Kristi himmelsfärdsdag"));
    BOOST_TEST(isDayOff(2026, 6, 19, "midsommarafton"));
    BOOST_TEST(isDayOff(2026, 6, 20, "midsommardagen"));
    BOOST_TEST(isDayOff(2026, 10, 31, "alla helgons dag"));
    BOOST_TEST(isDayOff(2027, 6, 25, "midsommarafton"));
    BOOST_TEST(isDayOff(2027, 11, 6, "alla helgons dag"));
    BOOST_TEST(isDayOff(2027, 3, 26, "långfredagen"));
}

BOOST_AUTO_TEST_CASE(weekends_and_holidays_are_not_working_days) {
    BOOST_TEST(WorkingCalendar::isWorkingDay({2026, 11, 27}));   // a Friday
    BOOST_TEST(!WorkingCalendar::isWorkingDay({2026, 11, 28}));  // Saturday
    BOOST_TEST(!WorkingCalendar::isWorkingDay({2026, 6, 6}));    // national day (a Saturday too)
    BOOST_TEST(!WorkingCalendar::isWorkingDay({2027, 1, 6}));    // Epiphany, a Wednesday
    BOOST_TEST(!WorkingCalendar::isWorkingDay({2026, 12, 24}));  // Christmas eve, counted like a Sunday
}

BOOST_AUTO_TEST_CASE(deadlines_in_working_days_skip_easter_and_christmas) {
    // Maundy Thursday + 1 working day: Good Friday and Easter Monday are skipped.
    BOOST_TEST(after("2026-04-02T09:00:00Z", 1) == "2026-04-07T09:00:00Z");
    // 23 December + 1: Christmas eve, Christmas, Boxing day and the weekend are skipped.
    BOOST_TEST(after("2026-12-23T09:00:00Z", 1) == "2026-12-28T09:00:00Z");
    // Ten working days from a Friday are two weeks later when nothing intervenes.
    BOOST_TEST(after("2026-11-27T12:00:00Z", 10) == "2026-12-11T12:00:00Z");
    BOOST_TEST(after("2026-11-27T12:00:00Z", 0) == "2026-11-27T12:00:00Z");
}

BOOST_AUTO_TEST_CASE(working_days_count_from_the_swedish_day_not_the_utc_day) {
    // 23:30 UTC on Thursday 3 December is 00:30 on Friday in Sweden: one working day
    // later is Monday 00:30 in Sweden, which is Sunday 23:30 UTC.
    BOOST_TEST(after("2026-12-03T23:30:00Z", 1) == "2026-12-06T23:30:00Z");
    // In summer time Sweden is two hours ahead: 22:30 UTC on Thursday 4 June is Friday.
    BOOST_TEST(after("2026-06-04T22:30:00Z", 1) == "2026-06-07T22:30:00Z");
    // Across the change back to winter time the Swedish wall-clock time is kept.
    BOOST_TEST(after("2026-10-23T08:00:00Z", 1) == "2026-10-26T09:00:00Z");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(SwedishTime_)

BOOST_AUTO_TEST_CASE(summer_time_runs_from_the_last_sunday_of_march_to_that_of_october) {
    // 2026: 29 March 01:00 UTC to 25 October 01:00 UTC.
    BOOST_TEST(grantflow::swedishOffsetSeconds(*parseIsoInstant("2026-03-29T00:59:59Z")) == 3600);
    BOOST_TEST(grantflow::swedishOffsetSeconds(*parseIsoInstant("2026-03-29T01:00:00Z")) == 7200);
    BOOST_TEST(grantflow::swedishOffsetSeconds(*parseIsoInstant("2026-10-25T00:59:59Z")) == 7200);
    BOOST_TEST(grantflow::swedishOffsetSeconds(*parseIsoInstant("2026-10-25T01:00:00Z")) == 3600);
    BOOST_TEST(grantflow::swedishOffsetSeconds(*parseIsoInstant("2027-03-28T01:00:00Z")) == 7200);
}

BOOST_AUTO_TEST_CASE(a_utc_instant_late_in_the_evening_is_the_next_swedish_day) {
    BOOST_TEST(grantflow::swedishDateOf("2026-12-31T22:59:59Z") == "2026-12-31");
    BOOST_TEST(grantflow::swedishDateOf("2026-12-31T23:00:00Z") == "2027-01-01");
    BOOST_TEST(grantflow::swedishDateOf("2026-07-01T22:00:00Z") == "2026-07-02");
    BOOST_TEST(grantflow::swedishDateOf("2026-07-01T21:59Z") == "2026-07-01");
    // A plain date, or a time with its own offset, keeps the date it names.
    BOOST_TEST(grantflow::swedishDateOf("2026-12-31") == "2026-12-31");
    BOOST_TEST(grantflow::swedishDateOf("2026-12-31T23:30:00+01:00") == "2026-12-31");
}

BOOST_AUTO_TEST_SUITE_END()
