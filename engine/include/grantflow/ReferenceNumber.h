// The reference number (diarienummer) a case is registered under: "GF 2026-000123",
// a sequence per year that has no gaps and never reuses a number.
#pragma once

#include <string>

namespace grantflow {

struct ReferenceNumber {
    // Six digits a year: the last number a year can give.
    static constexpr long maxSequence = 999999;

    int year = 0;
    long sequence = 0;

    // "GF YYYY-NNNNNN".
    std::string toString() const;

    // Parses "GF 2026-000123" (also "GF-2026-000123" and "2026-123" as typed by people);
    // throws Poco::SyntaxException for anything else.
    static ReferenceNumber parse(const std::string& text);

    // A stable integer key: year * 1,000,000 + sequence.
    long long key() const { return static_cast<long long>(year) * 1000000 + sequence; }
};

}  // namespace grantflow
