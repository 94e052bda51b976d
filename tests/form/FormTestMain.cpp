#define BOOST_TEST_MODULE form
#include <boost/test/unit_test.hpp>
