#include <grantflow/CheckDigits.h>

#include <algorithm>
#include <string>

namespace grantflow {

namespace {

std::string digitsWithoutDash(std::string_view number) {
    std::string digits;
    for (char c : number)
        if (c != '-') digits += c;
    return digits;
}

bool allDigits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ISO 3166-1 alpha-2 codes officially assigned, plus XK (Kosovo), which is
// user-assigned in the standard but used by the EU and by Swedish authorities.
constexpr std::string_view countryCodes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ "
    "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
    "DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR "
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU "
    "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ "
    "LA LB LC LI LK LR LS LT LU LV LY "
    "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ "
    "NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
    "QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ "
    "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ "
    "VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

}  // namespace

bool luhnValid(std::string_view digits) {
    if (!allDigits(digits) || digits.size() < 2) return false;
    int sum = 0;
    bool doubleIt = false;  // the check digit itself is not doubled
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int value = *it - '0';
        if (doubleIt) {
            value *= 2;
            if (value > 9) value -= 9;
        }
        sum += value;
        doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
}

bool organisationNumberValid(std::string_view number) {
    if (number.size() != 11 || number[6] != '-') return false;
    std::string digits = digitsWithoutDash(number);
    return digits.size() == 10 && luhnValid(digits) && digits[2] >= '2';
}

bool bankgiroValid(std::string_view number) {
    std::size_t dash = number.find('-');
    if (dash != 3 && dash != 4) return false;
    if (number.size() != dash + 5) return false;
    std::string digits = digitsWithoutDash(number);
    return (digits.size() == 7 || digits.size() == 8) && luhnValid(digits);
}

bool isIsoCountryCode(std::string_view code) {
    if (code.size() != 2 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        return false;
    for (std::size_t at = 0; at + 1 < countryCodes.size(); at += 3)
        if (countryCodes.substr(at, 2) == code) return true;
    return false;
}

}  // namespace grantflow
