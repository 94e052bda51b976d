# grantflow_add_test(NAME SOURCES...): one Boost.Test executable run by CTest,
# with the test data folder, the source folder and the grantflow program known to it.
function(grantflow_add_test name)
  add_executable(${name} ${ARGN})
  target_include_directories(${name} PRIVATE "${CMAKE_SOURCE_DIR}/tests/support" "${CMAKE_SOURCE_DIR}/engine/src")
  target_compile_definitions(${name} PRIVATE
    BOOST_TEST_DYN_LINK
    GRANTFLOW_TEST_DATA="${CMAKE_SOURCE_DIR}/tests/data"
    GRANTFLOW_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    GRANTFLOW_CLI="$<TARGET_FILE:grantflow>")
  target_link_libraries(${name} PRIVATE grantflow_engine Boost::unit_test_framework Poco::Foundation)
  add_dependencies(${name} grantflow)
  add_test(NAME ${name} COMMAND ${name})
endfunction()
