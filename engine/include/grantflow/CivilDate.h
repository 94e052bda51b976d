// Proleptic Gregorian date arithmetic on day numbers (days since 1970-01-01), so
// that timers and working-day counting need no time-zone database and no libc
// calls that differ between platforms.
#pragma once

#include <cstdint>

namespace grantflow {

struct CivilDay {
    int year, month, day;
};

inline std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

inline bool isLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

inline int daysInMonth(int year, int month) {
    static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : lengths[month - 1];
}

// Counts in 400-year eras that begin on 1 March, so the leap day is the last day of a year.
inline std::int64_t daysFromCivil(int year, int month, int day) {
    std::int64_t y = month <= 2 ? year - 1 : year;
    std::int64_t era = floorDiv(y, 400);
    std::int64_t yearOfEra = y - era * 400;
    std::int64_t shiftedMonth = month > 2 ? month - 3 : month + 9;
    std::int64_t dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1;
    std::int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

inline CivilDay civilFromDays(std::int64_t days) {
    days += 719468;
    std::int64_t era = floorDiv(days, 146097);
    std::int64_t dayOfEra = days - era * 146097;
    std::int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    std::int64_t shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = static_cast<int>(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = static_cast<int>(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    int year = static_cast<int>(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

// 0 = Monday ... 6 = Sunday. 1970-01-01 was a Thursday.
inline int weekday(std::int64_t days) { return static_cast<int>(days + 3 - floorDiv(days + 3, 7) * 7); }

}  // namespace grantflow
