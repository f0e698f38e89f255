# FindLibYAML.cmake - locate libyaml (the YAML 1.1 parser podsim's loader uses).
#
# pkg-config (module yaml-0.1) is asked first; its answers are hints for a
# plain find_path/find_library search, so the module also works without
# pkg-config.
#
# Result:
#   LibYAML_FOUND, LibYAML_VERSION, LibYAML_INCLUDE_DIRS, LibYAML_LIBRARIES
#   imported target LibYAML::LibYAML
include_guard(GLOBAL)

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
    pkg_check_modules(PC_LibYAML QUIET yaml-0.1)
endif()

find_path(LibYAML_INCLUDE_DIR
    NAMES yaml.h
    HINTS ${PC_LibYAML_INCLUDEDIR} ${PC_LibYAML_INCLUDE_DIRS})
find_library(LibYAML_LIBRARY
    NAMES yaml libyaml yaml-0
    HINTS ${PC_LibYAML_LIBDIR} ${PC_LibYAML_LIBRARY_DIRS})

if(PC_LibYAML_VERSION)
    set(LibYAML_VERSION "${PC_LibYAML_VERSION}")
elseif(LibYAML_INCLUDE_DIR AND EXISTS "${LibYAML_INCLUDE_DIR}/yaml.h")
    # yaml.h carries no version macro; leave the version unknown.
    unset(LibYAML_VERSION)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibYAML
    REQUIRED_VARS LibYAML_LIBRARY LibYAML_INCLUDE_DIR
    VERSION_VAR LibYAML_VERSION)

if(LibYAML_FOUND)
    set(LibYAML_INCLUDE_DIRS "${LibYAML_INCLUDE_DIR}")
    set(LibYAML_LIBRARIES "${LibYAML_LIBRARY}")
    if(NOT TARGET LibYAML::LibYAML)
        add_library(LibYAML::LibYAML UNKNOWN IMPORTED)
        set_target_properties(LibYAML::LibYAML PROPERTIES
            IMPORTED_LOCATION "${LibYAML_LIBRARY}"
            INTERFACE_INCLUDE_DIRECTORIES "${LibYAML_INCLUDE_DIR}")
    endif()
endif()

mark_as_advanced(LibYAML_INCLUDE_DIR LibYAML_LIBRARY)
