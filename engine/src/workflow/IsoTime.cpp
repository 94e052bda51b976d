#include <grantflow/workflow/IsoTime.h>

#include <grantflow/CivilDate.h>

#include <cctype>
#include <cstdio>

namespace grantflow::workflow {

namespace {

// Reads digits at text[pos...]; false if there are none or they overflow.
bool readNumber(const std::string& text, std::size_t& pos, std::int64_t& value) {
    std::size_t start = pos;
    value = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
        if (value > 100000000) return false;
        value = value * 10 + (text[pos] - '0');
        ++pos;
    }
    return pos > start;
}

bool readFixed(const std::string& text, std::size_t& pos, int width, int& value) {
    if (pos + width > text.size()) return false;
    value = 0;
    for (int i = 0; i < width; ++i) {
        char c = text[pos + i];
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        value = value * 10 + (c - '0');
    }
    pos += width;
    return true;
}

}  // namespace

bool IsoDuration::zero() const {
    return years == 0 && months == 0 && weeks == 0 && days == 0 && hours == 0 && minutes == 0 && seconds == 0;
}

std::optional<IsoDuration> IsoDuration::parse(const std::string& text) {
    if (text.size() < 3 || text[0] != 'P') return std::nullopt;
    IsoDuration d;
    bool inTime = false, any = false, anyTime = false;
    std::size_t pos = 1;
    // Units must appear in their ISO order, each at most once.
    const std::string dateOrder = "YMWD", timeOrder = "HMS";
    std::size_t nextDate = 0, nextTime = 0;
    while (pos < text.size()) {
        if (text[pos] == 'T') {
            if (inTime) return std::nullopt;
            inTime = true;
            ++pos;
            continue;
        }
        std::int64_t n = 0;
        if (!readNumber(text, pos, n) || pos >= text.size()) return std::nullopt;
        char unit = text[pos++];
        if (!inTime) {
            auto at = dateOrder.find(unit, nextDate);
            if (at == std::string::npos) return std::nullopt;
            nextDate = at + 1;
            switch (unit) {
                case 'Y': d.years = static_cast<int>(n); break;
                case 'M': d.months = static_cast<int>(n); break;
                case 'W': d.weeks = static_cast<int>(n); break;
                default: d.days = static_cast<int>(n); break;
            }
        } else {
            auto at = timeOrder.find(unit, nextTime);
            if (at == std::string::npos) return std::nullopt;
            nextTime = at + 1;
            switch (unit) {
                case 'H': d.hours = n; break;
                case 'M': d.minutes = n; break;
                default: d.seconds = n; break;
            }
            anyTime = true;
        }
        any = true;
    }
    if (!any || (inTime && !anyTime)) return std::nullopt;
    // Longer than a thousand years is a typing error, and its due date would fall
    // past the year 9999 that ISO 8601 dates can write (P1000000000Y was taken).
    const double days = 366.0 * d.years + 31.0 * d.months + 7.0 * d.weeks + d.days +
                        (static_cast<double>(d.hours) + d.minutes / 60.0 + d.seconds / 3600.0) / 24.0;
    if (days > 366000.0) return std::nullopt;
    return d;
}

std::optional<IsoCycle> IsoCycle::parse(const std::string& text) {
    if (text.size() < 2 || text[0] != 'R') return std::nullopt;
    auto slash = text.find('/');
    if (slash == std::string::npos || text.find('/', slash + 1) != std::string::npos) return std::nullopt;
    IsoCycle cycle;
    if (slash > 1) {
        std::size_t pos = 1;
        std::int64_t n = 0;
        if (!readNumber(text, pos, n) || pos != slash) return std::nullopt;
        cycle.repetitions = static_cast<int>(n);
    }
    auto interval = IsoDuration::parse(text.substr(slash + 1));
    if (!interval || interval->zero()) return std::nullopt;
    cycle.interval = *interval;
    return cycle;
}

Instant addCalendar(Instant from, const IsoDuration& d) {
    Instant result = from;
    if (d.years != 0 || d.months != 0) {
        std::int64_t dayNumber = floorDiv(from, 86400);
        Instant secondOfDay = from - dayNumber * 86400;
        CivilDay civil = civilFromDays(dayNumber);
        std::int64_t monthIndex = static_cast<std::int64_t>(civil.year) * 12 + (civil.month - 1) +
                                  static_cast<std::int64_t>(d.years) * 12 + d.months;
        int year = static_cast<int>(floorDiv(monthIndex, 12));
        int month = static_cast<int>(monthIndex - static_cast<std::int64_t>(year) * 12) + 1;
        int day = civil.day;
        int last = daysInMonth(year, month);
        if (day > last) day = last;
        result = daysFromCivil(year, month, day) * 86400 + secondOfDay;
    }
    result += (static_cast<std::int64_t>(d.weeks) * 7 + d.days) * 86400;
    result += d.hours * 3600 + d.minutes * 60 + d.seconds;
    return result;
}

std::optional<Instant> parseIsoInstant(const std::string& text) {
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0;
    if (!readFixed(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-') return std::nullopt;
    if (!readFixed(text, pos, 2, month) || pos >= text.size() || text[pos++] != '-') return std::nullopt;
    if (!readFixed(text, pos, 2, day)) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return std::nullopt;
    Instant result = daysFromCivil(year, month, day) * 86400;
    if (pos == text.size()) return result;
    if (text[pos++] != 'T') return std::nullopt;
    int hour = 0, minute = 0, second = 0;
    if (!readFixed(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':') return std::nullopt;
    if (!readFixed(text, pos, 2, minute)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        if (!readFixed(text, pos, 2, second)) return std::nullopt;
        if (pos < text.size() && text[pos] == '.') {  // fractions of a second are dropped
            ++pos;
            while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
        }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    result += hour * 3600 + minute * 60 + second;
    if (pos == text.size()) return std::nullopt;  // a time without zone is ambiguous: refuse
    if (text[pos] == 'Z' && pos + 1 == text.size()) return result;
    if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
    int sign = text[pos++] == '+' ? 1 : -1;
    int offsetHours = 0, offsetMinutes = 0;
    if (!readFixed(text, pos, 2, offsetHours)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!readFixed(text, pos, 2, offsetMinutes) || pos != text.size()) return std::nullopt;
    if (offsetHours > 14 || offsetMinutes > 59) return std::nullopt;
    return result - sign * (offsetHours * 3600 + offsetMinutes * 60);
}

std::string formatDay(Instant instant) { return formatInstant(instant).substr(0, 10); }

std::string formatInstant(Instant instant) {
    std::int64_t dayNumber = floorDiv(instant, 86400);
    Instant secondOfDay = instant - dayNumber * 86400;
    CivilDay civil = civilFromDays(dayNumber);
    const int hour = static_cast<int>(secondOfDay / 3600), minute = static_cast<int>(secondOfDay / 60 % 60),
              second = static_cast<int>(secondOfDay % 60);
    char buffer[40];
    if (civil.year < 0 || civil.year > 9999) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", civil.year, civil.month, civil.day, hour,
                      minute, second);
        return buffer;
    }
    // Digit by digit: every step and event is stamped, and snprintf showed in profiles.
    std::string text = "0000-00-00T00:00:00Z";
    auto put = [&text](std::size_t at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10) text[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    };
    put(0, civil.year, 4);
    put(5, civil.month, 2);
    put(8, civil.day, 2);
    put(11, hour, 2);
    put(14, minute, 2);
    put(17, second, 2);
    return text;
}

}  // namespace grantflow::workflow
