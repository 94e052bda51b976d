// Sweden's civil time (Europe/Stockholm), computed rather than read from a time
// zone database: UTC+1, and UTC+2 in summer time, from 01:00 UTC on the last
// Sunday of March to 01:00 UTC on the last Sunday of October (the EU rule since
// 1996). The store keeps instants in UTC; the date a letter is dated, the day a
// deadline in working days counts from and falls on are Swedish dates.
#pragma once

#include <grantflow/CivilDate.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace grantflow {

// The day number (since 1970-01-01) of the last Sunday of a month.
inline std::int64_t lastSundayOf(int year, int month) {
    std::int64_t last = daysFromCivil(year, month, daysInMonth(year, month));
    return last - (weekday(last) + 1) % 7;  // weekday: 0 = Monday ... 6 = Sunday
}

// Seconds to add to a UTC instant (seconds since the epoch) for Swedish time.
inline int swedishOffsetSeconds(std::int64_t utc) {
    const int year = civilFromDays(floorDiv(utc, 86400)).year;
    const std::int64_t summerFrom = lastSundayOf(year, 3) * 86400 + 3600;
    const std::int64_t summerUntil = lastSundayOf(year, 10) * 86400 + 3600;
    return utc >= summerFrom && utc < summerUntil ? 7200 : 3600;
}

// The UTC instant of a Swedish wall-clock time (seconds since the epoch, as if it
// were UTC). In the hour that repeats in October the earlier one is taken.
inline std::int64_t utcOfSwedish(std::int64_t local) {
    return local - 7200 + (swedishOffsetSeconds(local - 7200) == 7200 ? 0 : 3600);
}

// The Swedish date of a UTC instant, as YYYY-MM-DD.
inline std::string swedishDate(std::int64_t utc) {
    CivilDay d = civilFromDays(floorDiv(utc + swedishOffsetSeconds(utc), 86400));
    char text[32];  // room for any int the compiler can imagine
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month, d.day);
    return text;
}

// The Swedish date of an ISO 8601 text: "YYYY-MM-DDTHH:MM[:SS[.f]]Z" is a UTC
// instant and is converted; anything else (a plain date, a time with its own
// offset) keeps the date it names.
inline std::string swedishDateOf(const std::string& iso) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, used = 0;
    if (iso.size() < 17 || iso.back() != 'Z' ||
        std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d%n", &year, &month, &day, &hour, &minute, &used) != 5)
        return iso.substr(0, 10);
    if (iso[static_cast<std::size_t>(used)] == ':') std::sscanf(iso.c_str() + used + 1, "%2d", &second);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return iso.substr(0, 10);
    return swedishDate(daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second);
}

}  // namespace grantflow
