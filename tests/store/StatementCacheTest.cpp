// Compiled statements are found again by the caller's text, and quickly by where the
// caller keeps it; a text that later sits where another was must still get its own.
#include <boost/test/unit_test.hpp>

#include "store/StatementCache.h"

#include <grantflow/CaseStore.h>

#include "TestSupport.h"

using namespace grantflow;

BOOST_AUTO_TEST_SUITE(StatementCache_)

BOOST_AUTO_TEST_CASE(a_text_at_the_address_of_another_runs_its_own_statement) {
    test::TempDir dir;
    CaseStore store(dir.file("cases.db"));
    StatementCache sql(store.session());
    std::string text = "SELECT 1";
    text.reserve(64);
    BOOST_TEST(sql.integer(text, 0) == 1);
    BOOST_TEST(sql.integer(text, 0) == 1);  // found by where it is kept
    const char* where = text.data();
    text.assign("SELECT 2");
    BOOST_REQUIRE(text.data() == where);  // the same buffer, another statement
    BOOST_TEST(sql.integer(text, 0) == 2);
    text.assign("SELECT 1");
    BOOST_TEST(sql.integer(text, 0) == 1);
    BOOST_TEST(sql.integer("SELECT 3", 0) == 3);
}

BOOST_AUTO_TEST_CASE(many_passing_texts_do_not_make_it_grow_without_end) {
    // Each text is a new string, as a caller building its SQL would pass: every one
    // still runs its own statement, however many addresses came before.
    test::TempDir dir;
    CaseStore store(dir.file("cases.db"));
    StatementCache sql(store.session());
    for (int round = 0; round < 2000; ++round) {
        const std::string text = "SELECT " + std::to_string(round % 7) + " + 0 /* " + std::string(64, 'x') + " */";
        BOOST_TEST_REQUIRE(sql.integer(text, -1) == round % 7);
    }
}

BOOST_AUTO_TEST_SUITE_END()
