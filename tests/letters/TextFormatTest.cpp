#include <Poco/Exception.h>

#include <boost/test/unit_test.hpp>

#include "TextFormat.h"

using namespace grantflow::letters;

BOOST_AUTO_TEST_SUITE(TextFormat)

BOOST_AUTO_TEST_CASE(swedish_amounts_group_thousands_with_unbreakable_spaces) {
    BOOST_CHECK_EQUAL(formatMoney(1300000, "sv"), "1\u00A0300\u00A0000\u00A0kr");
    BOOST_CHECK_EQUAL(formatMoney(85000, "sv"), "85\u00A0000\u00A0kr");
    BOOST_CHECK_EQUAL(formatMoney(0, "sv"), "0\u00A0kr");
    BOOST_CHECK_EQUAL(formatMoney("450000", "sv"), "450\u00A0000\u00A0kr");
}

BOOST_AUTO_TEST_CASE(english_amounts_use_commas_and_the_currency_code) {
    BOOST_CHECK_EQUAL(formatMoney(1300000, "en"), "SEK\u00A01,300,000");
    BOOST_CHECK_EQUAL(formatMoney(999, "en"), "SEK\u00A0999");
}

BOOST_AUTO_TEST_CASE(dates_are_written_out_in_the_letters_language) {
    BOOST_CHECK_EQUAL(formatDate("2026-11-24", "sv"), "24\u00A0november 2026");
    BOOST_CHECK_EQUAL(formatDate("2026-11-27T14:00:00Z", "en"), "27\u00A0November 2026");
    BOOST_CHECK_EQUAL(formatDate("2028-02-29", "sv"), "29\u00A0februari 2028");
}

BOOST_AUTO_TEST_CASE(what_is_not_an_amount_or_a_date_is_refused) {
    BOOST_CHECK_THROW(formatMoney("12 kr", "sv"), Poco::SyntaxException);
    BOOST_CHECK_THROW(formatDate("2027-02-29", "sv"), Poco::SyntaxException);
    BOOST_CHECK_THROW(formatDate("24/11/2026", "sv"), Poco::SyntaxException);
}

BOOST_AUTO_TEST_SUITE_END()
