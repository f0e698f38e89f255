# AddPodsimTest.cmake - podsim_add_test(), one cmocka executable per module.
#
#   podsim_add_test(<name> [LABELS <label>...])
#
# builds tests/c/test_<name>.c into test_<name>, linked to the static library
# (tests may include the private headers of core/src), libyaml and cmocka, and
# registers it with CTest under the label `c`. A test file that does not exist
# yet is skipped with a message instead of failing the configure; the tests/c
# folder is a configure dependency, so adding the file re-runs CMake.
include_guard(GLOBAL)

function(podsim_add_test name)
    cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "LABELS")
    set(_src "${PROJECT_SOURCE_DIR}/tests/c/test_${name}.c")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
        "${PROJECT_SOURCE_DIR}/tests/c")
    if(NOT EXISTS "${_src}")
        message(STATUS "podsim: tests/c/test_${name}.c not found; test_${name} skipped")
        return()
    endif()

    add_executable(test_${name} "${_src}")
    podsim_target_defaults(test_${name})
    target_include_directories(test_${name} PRIVATE "${PROJECT_SOURCE_DIR}/core/src")
    target_compile_definitions(test_${name} PRIVATE
        PODSIM_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
        PODSIM_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
    target_link_libraries(test_${name} PRIVATE
        podsim_static LibYAML::LibYAML CMocka::CMocka)

    add_test(NAME test_${name} COMMAND test_${name})
    set_tests_properties(test_${name} PROPERTIES
        LABELS "c;${ARG_LABELS}"
        WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
        ENVIRONMENT "PODSIM_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data;PODSIM_SHARED_DIR=${PROJECT_SOURCE_DIR}/../shared")
endfunction()
