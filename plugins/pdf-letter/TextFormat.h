// How amounts and dates are written in a letter, in Swedish and in English:
//   sv: "1 300 000 kr", "24 november 2026"
//   en: "SEK 1,300,000", "24 November 2026"
// Amount groups are joined by a no-break space (U+00A0) so a line never breaks
// inside an amount; the PDF writer draws it as an ordinary space.
#pragma once

#include <string>

namespace grantflow::letters {

inline constexpr const char* noBreakSpace = "\xC2\xA0";

// Whole kronor. Throws Poco::SyntaxException when `digits` is not an integer.
std::string formatMoney(const std::string& digits, const std::string& lang);
std::string formatMoney(long long kronor, const std::string& lang);

// An ISO date ("2026-11-24") or date-time ("2026-11-27T14:00:00Z", its date part).
// Throws Poco::SyntaxException when it is not a real date.
std::string formatDate(const std::string& iso, const std::string& lang);

// Parses whole kronor; throws Poco::SyntaxException.
long long parseKronor(const std::string& digits);

}  // namespace grantflow::letters
