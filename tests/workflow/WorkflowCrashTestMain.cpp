#define BOOST_TEST_MODULE workflow_crash
#include <boost/test/unit_test.hpp>
