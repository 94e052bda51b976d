// Working days in Sweden, for deadlines given in working days ("within ten
// working days"). A working day is Monday to Friday that is not a public holiday
// (Lag 1989:253 om allmänna helgdagar) and not midsummer eve, Christmas eve or
// New Year's eve, which Lag 1930:173 treats like a Sunday when a deadline is
// counted. Every holiday is computed from the year (Easter by the Gregorian
// computus), so no list needs updating. addWorkingDays counts Swedish days
// (Europe/Stockholm), whatever the instant's UTC date.
#pragma once

#include <grantflow/workflow/IsoTime.h>

#include <string>
#include <vector>

namespace grantflow::workflow {

struct CalendarDate {
    int year = 0, month = 0, day = 0;
    bool operator==(const CalendarDate& other) const {
        return year == other.year && month == other.month && day == other.day;
    }
};

struct Holiday {
    CalendarDate date;
    std::string name;  // Swedish name, e.g. "långfredagen"
};

class WorkingCalendar {
public:
    // Easter Sunday of a Gregorian year.
    static CalendarDate easterSunday(int year);

    // Every day of the year that is not a working day although it may fall on a
    // weekday: the public holidays and the three eves, in date order.
    static std::vector<Holiday> daysOff(int year);

    static bool isWorkingDay(const CalendarDate& date);

    // The instant `days` working days after `from`, at the same time of day.
    // Counting starts with the day after `from`, as a deadline does.
    static Instant addWorkingDays(Instant from, int days);
};

}  // namespace grantflow::workflow
