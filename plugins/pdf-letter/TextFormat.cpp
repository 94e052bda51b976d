#include "TextFormat.h"

#include <Poco/Exception.h>

#include <cstdlib>

namespace grantflow::letters {

long long parseKronor(const std::string& digits) {
    std::string trimmed;
    for (char c : digits)
        if (c != ' ') trimmed.push_back(c);
    if (trimmed.empty()) throw Poco::SyntaxException("an amount is empty");
    std::size_t start = trimmed[0] == '-' ? 1 : 0;
    if (start == trimmed.size() || trimmed.size() > 18)
        throw Poco::SyntaxException("not an amount in whole kronor", digits);
    for (std::size_t i = start; i < trimmed.size(); ++i)
        if (trimmed[i] < '0' || trimmed[i] > '9')
            throw Poco::SyntaxException("not an amount in whole kronor", digits);
    return std::strtoll(trimmed.c_str(), nullptr, 10);
}

std::string formatMoney(long long kronor, const std::string& lang) {
    bool negative = kronor < 0;
    std::string digits = std::to_string(negative ? -kronor : kronor);
    std::string separator = lang == "en" ? "," : noBreakSpace;
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += separator;
        grouped.push_back(digits[i]);
    }
    if (negative) grouped = "\xE2\x88\x92" + grouped;  // minus sign
    return lang == "en" ? std::string("SEK") + noBreakSpace + grouped
                        : grouped + noBreakSpace + "kr";
}

std::string formatMoney(const std::string& digits, const std::string& lang) {
    return formatMoney(parseKronor(digits), lang);
}

std::string formatDate(const std::string& iso, const std::string& lang) {
    static const char* swedish[] = {"januari",   "februari", "mars",     "april",
                                    "maj",       "juni",     "juli",     "augusti",
                                    "september", "oktober",  "november", "december"};
    static const char* english[] = {"January",   "February", "March",    "April",
                                    "May",       "June",     "July",     "August",
                                    "September", "October",  "November", "December"};
    auto digit = [&](std::size_t at) {
        if (at >= iso.size() || iso[at] < '0' || iso[at] > '9')
            throw Poco::SyntaxException("not an ISO date", iso);
        return iso[at] - '0';
    };
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-')
        throw Poco::SyntaxException("not an ISO date", iso);
    int year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    int month = digit(5) * 10 + digit(6);
    int day = digit(8) * 10 + digit(9);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1] + (month == 2 && leap ? 1 : 0))
        throw Poco::SyntaxException("not a real date", iso);
    const char* name = (lang == "en" ? english : swedish)[month - 1];
    return std::to_string(day) + noBreakSpace + name + " " + std::to_string(year);
}

}  // namespace grantflow::letters
