// Outcome documents written as JSON map to the XML the outcome schemas describe.
#include "http/ApiExchange.h"
#include "http/JsonOutcome.h"

#include <boost/test/unit_test.hpp>

using grantflow::http::ApiError;
using grantflow::http::JsonOutcome;

BOOST_AUTO_TEST_SUITE(JsonOutcomeMapping)

BOOST_AUTO_TEST_CASE(attributes_children_and_arrays_map_in_the_order_written) {
    std::string xml = JsonOutcome::toXml(
        R"({"review": {"@step": "completeness", "outcome": "incomplete", "missing": {"item": ["budget", "a < b & c"]}}})");
    BOOST_TEST(xml == "<review xmlns=\"urn:grantflow:case:1\" step=\"completeness\"><outcome>incomplete</outcome>"
                      "<missing><item>budget</item><item>a &lt; b &amp; c</item></missing></review>");
}

BOOST_AUTO_TEST_CASE(numbers_and_booleans_become_text) {
    BOOST_TEST(JsonOutcome::toXml(R"({"decision": {"amount": 85000, "final": true}})") ==
               "<decision xmlns=\"urn:grantflow:case:1\"><amount>85000</amount><final>true</final></decision>");
}

BOOST_AUTO_TEST_CASE(what_cannot_be_xml_is_refused_with_its_path) {
    for (const char* bad : {"[1]", "{}", R"({"a": 1, "b": 2})", R"({"1bad": "x"})", R"({"a": {"b c": "x"}})",
                            R"({"a": {"@x": {"y": 1}}})", "{not json", R"({"a": [[1]]})"}) {
        BOOST_CHECK_THROW(JsonOutcome::toXml(bad), ApiError);
    }
    try {
        JsonOutcome::toXml(R"({"review": {"ok": {"b c": 1}}})");
        BOOST_FAIL("no refusal");
    } catch (const ApiError& e) {
        BOOST_TEST(e.status() == 400);
        BOOST_TEST(e.where() == "$.review.ok.b c");
    }
}

BOOST_AUTO_TEST_CASE(a_key_given_twice_is_refused_not_decided_by_the_last_one) {
    for (const char* twice : {R"({"review": {"outcome": "complete", "outcome": "incomplete"}})",
                              R"({"review": {"@step": "a", "x": [{"k": 1, "k": 2}]}})",
                              R"({"review": {"a": 1}, "review": {"a": 2}})"}) {
        try {
            JsonOutcome::toXml(twice);
            BOOST_FAIL(std::string("took ") + twice);
        } catch (const ApiError& e) {
            BOOST_TEST(e.status() == 400);
            BOOST_TEST(std::string(e.what()).find("is given twice in one object") != std::string::npos, e.what());
        }
    }
    // The same key in two different objects is fine.
    BOOST_TEST(JsonOutcome::toXml(R"({"r": {"a": {"v": 1}, "b": {"v": 2}}})") ==
               "<r xmlns=\"urn:grantflow:case:1\"><a><v>1</v></a><b><v>2</v></b></r>");
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_not_recursed) {
    std::string json;
    for (int i = 0; i < 200; ++i) json += "{\"a\":";
    json += "1";
    for (int i = 0; i < 200; ++i) json += "}";
    BOOST_CHECK_THROW(JsonOutcome::toXml(json), ApiError);
}

BOOST_AUTO_TEST_SUITE_END()
