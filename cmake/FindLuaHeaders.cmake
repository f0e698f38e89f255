# FindLuaHeaders.cmake - locate the Lua 5.4 C headers (lua.h, lauxlib.h).
#
# Only the headers: a Lua C module is not linked against liblua on Unix; the
# interpreter that loads it provides the symbols (as lua-cjson does). So the
# imported target carries include directories and nothing to link.
#
# pkg-config is asked first (Debian's module is lua5.4; lua-5.4 and lua54 are
# other distributions' names), then find_path with the usual suffixes. The
# version is read from lua.h; ask for 5.4 with a range:
#   find_package(LuaHeaders 5.4...<5.5)
#
# Result:
#   LuaHeaders_FOUND, LuaHeaders_VERSION, LuaHeaders_INCLUDE_DIRS
#   imported target Lua::Headers (INTERFACE, include directories only)
include_guard(GLOBAL)

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
    pkg_search_module(PC_LuaHeaders QUIET lua5.4 lua-5.4 lua54)
endif()

find_path(LuaHeaders_INCLUDE_DIR
    NAMES lua.h
    HINTS ${PC_LuaHeaders_INCLUDEDIR} ${PC_LuaHeaders_INCLUDE_DIRS}
    PATH_SUFFIXES lua5.4 lua-5.4 lua54)

unset(LuaHeaders_VERSION)
if(LuaHeaders_INCLUDE_DIR AND EXISTS "${LuaHeaders_INCLUDE_DIR}/lua.h")
    file(STRINGS "${LuaHeaders_INCLUDE_DIR}/lua.h" _podsim_lua_ver
        REGEX "^#define[ \t]+LUA_VERSION_(MAJOR|MINOR|RELEASE)[ \t]+\"[0-9]+\"")
    foreach(_part MAJOR MINOR RELEASE)
        string(REGEX MATCH "LUA_VERSION_${_part}[ \t]+\"([0-9]+)\"" _m "${_podsim_lua_ver}")
        set(_podsim_lua_${_part} "${CMAKE_MATCH_1}")
    endforeach()
    if(NOT "${_podsim_lua_MAJOR}" STREQUAL "")
        set(LuaHeaders_VERSION "${_podsim_lua_MAJOR}.${_podsim_lua_MINOR}.${_podsim_lua_RELEASE}")
    endif()
    unset(_podsim_lua_ver)
    unset(_m)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LuaHeaders
    REQUIRED_VARS LuaHeaders_INCLUDE_DIR LuaHeaders_VERSION
    VERSION_VAR LuaHeaders_VERSION
    HANDLE_VERSION_RANGE)

if(LuaHeaders_FOUND)
    set(LuaHeaders_INCLUDE_DIRS "${LuaHeaders_INCLUDE_DIR}")
    if(NOT TARGET Lua::Headers)
        add_library(Lua::Headers INTERFACE IMPORTED)
        set_target_properties(Lua::Headers PROPERTIES
            INTERFACE_INCLUDE_DIRECTORIES "${LuaHeaders_INCLUDE_DIR}")
    endif()
endif()

mark_as_advanced(LuaHeaders_INCLUDE_DIR)
