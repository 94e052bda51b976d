// The check-digit rules of Swedish identifiers used in applications.
#pragma once

#include <string_view>

namespace grantflow {

// True when the last digit of `digits` is the Luhn (mod 10) check digit of the others.
// Only ASCII digits are allowed.
bool luhnValid(std::string_view digits);

// Organisation number NNNNNN-NNNN: Luhn over the ten digits, third digit 2 or more.
bool organisationNumberValid(std::string_view number);

// Bankgiro NNN-NNNN or NNNN-NNNN: Luhn over the seven or eight digits.
bool bankgiroValid(std::string_view number);

// ISO 3166-1 alpha-2 country code currently assigned ("BA", "IQ" ...).
bool isIsoCountryCode(std::string_view code);

}  // namespace grantflow
