#include <boost/test/unit_test.hpp>

#include <grantflow/CheckDigits.h>

using namespace grantflow;

BOOST_AUTO_TEST_SUITE(CheckDigits)

BOOST_AUTO_TEST_CASE(organisation_numbers_of_the_examples_are_valid) {
    for (const char* number : {"802456-7896", "802012-3454", "802500-3313", "212000-1421"})
        BOOST_TEST(organisationNumberValid(number), number);
}

BOOST_AUTO_TEST_CASE(a_wrong_check_digit_is_refused) {
    BOOST_TEST(!organisationNumberValid("802012-3455"));
    BOOST_TEST(!bankgiroValid("9001-2346"));
}

BOOST_AUTO_TEST_CASE(personal_identity_numbers_are_not_organisations) {
    // 811218-9876 passes Luhn but its third digit (1) marks a person.
    BOOST_TEST(luhnValid("8112189876"));
    BOOST_TEST(!organisationNumberValid("811218-9876"));
}

BOOST_AUTO_TEST_CASE(bankgiro_has_seven_or_eight_digits_with_a_dash_before_the_last_four) {
    BOOST_TEST(bankgiroValid("5050-1055"));
    BOOST_TEST(bankgiroValid("505-1057"));
    BOOST_TEST(!bankgiroValid("50501055"));
    BOOST_TEST(!bankgiroValid("50-501055"));
    BOOST_TEST(!bankgiroValid("12345-1234"));
}

BOOST_AUTO_TEST_CASE(only_assigned_country_codes_are_known) {
    for (const char* code : {"BA", "IQ", "SO", "SE", "XK", "SS", "ZW"}) BOOST_TEST(isIsoCountryCode(code), code);
    for (const char* code : {"XX", "Irak", "ba", "", "QQ", "UK"}) BOOST_TEST(!isIsoCountryCode(code), code);
}

BOOST_AUTO_TEST_SUITE_END()
