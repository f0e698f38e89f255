# FindCMocka.cmake - locate cmocka 1.x, the unit-test framework of tests/c.
#
# pkg-config (module cmocka) is asked first; its answers are hints for a
# plain find_path/find_library search.
#
# Result:
#   CMocka_FOUND, CMocka_VERSION, CMocka_INCLUDE_DIRS, CMocka_LIBRARIES
#   imported target CMocka::CMocka
include_guard(GLOBAL)

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
    pkg_check_modules(PC_CMocka QUIET cmocka)
endif()

find_path(CMocka_INCLUDE_DIR
    NAMES cmocka.h
    HINTS ${PC_CMocka_INCLUDEDIR} ${PC_CMocka_INCLUDE_DIRS})
find_library(CMocka_LIBRARY
    NAMES cmocka
    HINTS ${PC_CMocka_LIBDIR} ${PC_CMocka_LIBRARY_DIRS})

if(PC_CMocka_VERSION)
    set(CMocka_VERSION "${PC_CMocka_VERSION}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CMocka
    REQUIRED_VARS CMocka_LIBRARY CMocka_INCLUDE_DIR
    VERSION_VAR CMocka_VERSION)

if(CMocka_FOUND)
    set(CMocka_INCLUDE_DIRS "${CMocka_INCLUDE_DIR}")
    set(CMocka_LIBRARIES "${CMocka_LIBRARY}")
    if(NOT TARGET CMocka::CMocka)
        add_library(CMocka::CMocka UNKNOWN IMPORTED)
        set_target_properties(CMocka::CMocka PROPERTIES
            IMPORTED_LOCATION "${CMocka_LIBRARY}"
            INTERFACE_INCLUDE_DIRECTORIES "${CMocka_INCLUDE_DIR}")
    endif()
endif()

mark_as_advanced(CMocka_INCLUDE_DIR CMocka_LIBRARY)
