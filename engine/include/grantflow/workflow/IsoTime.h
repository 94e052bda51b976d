// ISO 8601 as BPMN timers use it: durations (P14D, PT36H, P1Y2M), dates
// (2026-12-01, 2026-12-01T09:00:00Z, ...+01:00) and repeating cycles (R3/P1D).
// Instants are whole seconds since 1970-01-01 UTC, which is what the store keeps
// and indexes; calendar arithmetic (months, years) is done on UTC dates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace grantflow::workflow {

using Instant = std::int64_t;  // seconds since the Unix epoch, UTC

struct IsoDuration {
    int years = 0, months = 0, weeks = 0, days = 0;
    std::int64_t hours = 0, minutes = 0, seconds = 0;

    // Whether only whole days and weeks are given (what working-day deadlines accept).
    bool daysOnly() const { return years == 0 && months == 0 && hours == 0 && minutes == 0 && seconds == 0; }
    int totalDays() const { return weeks * 7 + days; }
    bool zero() const;

    // Parses "PnYnMnWnDTnHnMnS"; nullopt for anything else, including "P" and "PT".
    static std::optional<IsoDuration> parse(const std::string& text);
};

struct IsoCycle {
    int repetitions = -1;  // -1: unbounded ("R/P1D")
    IsoDuration interval;

    // Parses "Rn/duration" or "R/duration" (start and end forms are not accepted).
    static std::optional<IsoCycle> parse(const std::string& text);
};

// Adds a duration in calendar time: years and months move the date (clamped to the
// month's last day), the rest is exact seconds.
Instant addCalendar(Instant from, const IsoDuration& duration);

// Parses a date ("2026-12-01", midnight UTC) or date-time with Z or an offset
// ("2026-12-01T09:00:00Z", "2026-12-01T09:00:00+01:00"); nullopt otherwise.
std::optional<Instant> parseIsoInstant(const std::string& text);

// "2026-12-01T09:00:00Z".
std::string formatInstant(Instant instant);

// The UTC day of an instant, "2026-12-01".
std::string formatDay(Instant instant);

}  // namespace grantflow::workflow
