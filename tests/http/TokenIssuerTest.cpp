// Bearer tokens: HS256 JWTs that name a user, expire, and cannot be forged.
#include <grantflow/http/TokenIssuer.h>

#include <boost/test/unit_test.hpp>

#include <Poco/Exception.h>

#include <chrono>
#include <thread>

using namespace grantflow::http;

namespace {
const std::string secret = "a secret of at least thirty-two bytes, for tests";
}

BOOST_AUTO_TEST_SUITE(TokenIssuerTokens)

BOOST_AUTO_TEST_CASE(an_issued_token_names_its_user) {
    TokenIssuer issuer(secret, Poco::Timespan(60, 0));
    auto check = issuer.check(issuer.issue("anna"));
    BOOST_TEST(check.valid);
    BOOST_TEST(check.subject == "anna");
}

BOOST_AUTO_TEST_CASE(an_expired_token_is_refused) {
    TokenIssuer issuer(secret, Poco::Timespan(-1, 0));
    auto check = issuer.check(issuer.issue("anna"));
    BOOST_TEST(!check.valid);
    BOOST_TEST(check.problem.find("expired") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_token_checked_before_is_still_refused_once_it_expires) {
    TokenIssuer issuer(secret, Poco::Timespan(1, 0));
    std::string token = issuer.issue("anna");
    BOOST_TEST(issuer.check(token).valid);
    BOOST_TEST(issuer.check(token).valid);  // the second time from what the first check kept
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // expiry has whole seconds
    auto late = issuer.check(token);
    BOOST_TEST(!late.valid);
    BOOST_TEST(late.problem.find("expired") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_token_signed_with_another_secret_is_refused) {
    TokenIssuer mallory("another secret of thirty-two bytes or more!!", Poco::Timespan(60, 0));
    TokenIssuer issuer(secret, Poco::Timespan(60, 0));
    BOOST_TEST(!issuer.check(mallory.issue("admin")).valid);
}

BOOST_AUTO_TEST_CASE(an_unsigned_token_is_refused) {
    TokenIssuer issuer(secret, Poco::Timespan(60, 0));
    // {"alg":"none"} . {"sub":"admin","iss":"grantflow","exp":9999999999} . (no signature)
    std::string none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsImlzcyI6ImdyYW50ZmxvdyIsImV4cCI6OTk5OTk5OTk5OX0.";
    BOOST_TEST(!issuer.check(none).valid);
    BOOST_TEST(!issuer.check("not a token").valid);
}

BOOST_AUTO_TEST_CASE(a_short_secret_is_refused) {
    BOOST_CHECK_THROW(TokenIssuer("short", Poco::Timespan(60, 0)), Poco::InvalidArgumentException);
}

BOOST_AUTO_TEST_SUITE_END()
