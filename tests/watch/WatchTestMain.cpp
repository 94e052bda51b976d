#define BOOST_TEST_MODULE watch
#include <boost/test/unit_test.hpp>
