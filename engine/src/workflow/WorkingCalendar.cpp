#include <grantflow/workflow/WorkingCalendar.h>

#include <grantflow/CivilDate.h>
#include <grantflow/SwedishTime.h>

#include <algorithm>
#include <limits>

namespace grantflow::workflow {

namespace {

std::int64_t dayNumber(const CalendarDate& d) { return daysFromCivil(d.year, d.month, d.day); }

CalendarDate dateOf(std::int64_t days) {
    CivilDay c = civilFromDays(days);
    return {c.year, c.month, c.day};
}

// The first day in [from, from+6] that falls on `wanted` (0 = Monday).
CalendarDate firstWeekdayFrom(int year, int month, int day, int wanted) {
    std::int64_t n = daysFromCivil(year, month, day);
    while (weekday(n) != wanted) ++n;
    return dateOf(n);
}

}  // namespace

CalendarDate WorkingCalendar::easterSunday(int year) {
    // The Gregorian computus: golden number, century corrections, epact, then the Sunday after.
    int golden = year % 19;
    int century = year / 100, yearOfCentury = year % 100;
    int skippedLeap = century / 4, centuryRest = century % 4;
    int moonCorrection = (century + 8) / 25;
    int solarCorrection = (century - moonCorrection + 1) / 3;
    int epact = (19 * golden + century - skippedLeap - solarCorrection + 15) % 30;
    int leapInCentury = yearOfCentury / 4, yearRest = yearOfCentury % 4;
    int toSunday = (32 + 2 * centuryRest + 2 * leapInCentury - epact - yearRest) % 7;
    int adjust = (golden + 11 * epact + 22 * toSunday) / 451;
    int monthDay = epact + toSunday - 7 * adjust + 114;
    return {year, monthDay / 31, monthDay % 31 + 1};
}

std::vector<Holiday> WorkingCalendar::daysOff(int year) {
    std::int64_t easter = dayNumber(easterSunday(year));
    std::vector<Holiday> days = {
        {{year, 1, 1}, "nyårsdagen"},
        {{year, 1, 6}, "trettondedag jul"},
        {dateOf(easter - 2), "långfredagen"},
        {dateOf(easter), "påskdagen"},
        {dateOf(easter + 1), "annandag påsk"},
        {{year, 5, 1}, "första maj"},
        {dateOf(easter + 39), "Kristi himmelsfärdsdag"},
        {dateOf(easter + 49), "pingstdagen"},
        {{year, 6, 6}, "Sveriges nationaldag"},
        {firstWeekdayFrom(year, 6, 19, 4), "midsommarafton"},
        {firstWeekdayFrom(year, 6, 20, 5), "midsommardagen"},
        {firstWeekdayFrom(year, 10, 31, 5), "alla helgons dag"},
        {{year, 12, 24}, "julafton"},
        {{year, 12, 25}, "juldagen"},
        {{year, 12, 26}, "annandag jul"},
        {{year, 12, 31}, "nyårsafton"},
    };
    std::sort(days.begin(), days.end(),
              [](const Holiday& a, const Holiday& b) { return dayNumber(a.date) < dayNumber(b.date); });
    return days;
}

bool WorkingCalendar::isWorkingDay(const CalendarDate& date) {
    const std::int64_t day = dayNumber(date);
    if (weekday(day) >= 5) return false;
    // A deadline counts day by day, mostly within one year: keep that year's days off
    // as day numbers rather than compute the named list again for every day.
    thread_local int cachedYear = std::numeric_limits<int>::min();
    thread_local std::vector<std::int64_t> cachedDaysOff;
    if (cachedYear != date.year) {
        cachedDaysOff.clear();
        for (const Holiday& h : daysOff(date.year)) cachedDaysOff.push_back(dayNumber(h.date));
        cachedYear = date.year;
    }
    return std::find(cachedDaysOff.begin(), cachedDaysOff.end(), day) == cachedDaysOff.end();
}

Instant WorkingCalendar::addWorkingDays(Instant from, int days) {
    // Counted in Swedish days: at 23:30 UTC on a Thursday in winter it is already
    // Friday in Sweden, and one working day later is Monday, not Friday.
    const Instant local = from + swedishOffsetSeconds(from);
    std::int64_t day = floorDiv(local, 86400);
    const Instant secondOfDay = local - day * 86400;
    int counted = 0;
    while (counted < days) {
        ++day;
        if (isWorkingDay(dateOf(day))) ++counted;
    }
    return utcOfSwedish(day * 86400 + secondOfDay);
}

}  // namespace grantflow::workflow
