#include <boost/test/unit_test.hpp>

#include <grantflow/ReferenceNumber.h>

#include <Poco/Exception.h>

using grantflow::ReferenceNumber;

BOOST_AUTO_TEST_SUITE(ReferenceNumbers)

BOOST_AUTO_TEST_CASE(formats_as_gf_year_and_six_digits) {
    BOOST_TEST(ReferenceNumber({2026, 123}).toString() == "GF 2026-000123");
}

BOOST_AUTO_TEST_CASE(parses_what_people_type) {
    for (const char* text : {"GF 2026-000123", "gf-2026-000123", "2026-123", " GF2026-123 "}) {
        ReferenceNumber number = ReferenceNumber::parse(text);
        BOOST_TEST(number.year == 2026, text);
        BOOST_TEST(number.sequence == 123, text);
    }
}

BOOST_AUTO_TEST_CASE(refuses_what_is_not_a_reference_number) {
    for (const char* text : {"", "GF 2026", "2026-0", "GF 26-1", "GF 2026-1234567", "x 2026-1"})
        BOOST_CHECK_THROW(ReferenceNumber::parse(text), Poco::SyntaxException);
}

BOOST_AUTO_TEST_SUITE_END()
