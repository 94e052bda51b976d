#define BOOST_TEST_MODULE workflow_cli
#include <boost/test/unit_test.hpp>
