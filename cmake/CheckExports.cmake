# CheckExports.cmake - the shared library exports exactly the public API.
#
#   cmake -DLIBRARY=<libpodsim.so> -DHEADER=<podsim.h> [-DNM=<nm>] -P CheckExports.cmake
#
# Every PODSIM_API function declared in podsim.h must be a defined dynamic
# symbol of the library, and every defined dynamic symbol must be declared
# there: no missing implementation, and no podsim__ internal or helper leaking
# past -fvisibility=hidden. ELF only (nm -D).
cmake_minimum_required(VERSION 3.20)

foreach(_var LIBRARY HEADER)
    if(NOT DEFINED ${_var})
        message(FATAL_ERROR "CheckExports.cmake: -D${_var}=... is required")
    endif()
endforeach()
if(NOT NM)
    set(NM nm)
endif()

file(READ "${HEADER}" _header)
# Drop comments so prose mentioning PODSIM_API does not count.
string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" "" _header "${_header}")
string(REGEX MATCHALL "PODSIM_API[^;(]*[ *\t\n](podsim_[A-Za-z0-9_]+)[ \t\n]*\\("
    _decls "${_header}")
set(_declared "")
foreach(_decl IN LISTS _decls)
    string(REGEX MATCH "(podsim_[A-Za-z0-9_]+)[ \t\n]*\\($" _m "${_decl}")
    list(APPEND _declared "${CMAKE_MATCH_1}")
endforeach()
list(REMOVE_DUPLICATES _declared)
list(SORT _declared)

execute_process(
    COMMAND "${NM}" -D --defined-only "${LIBRARY}"
    OUTPUT_VARIABLE _nm_out
    ERROR_VARIABLE _nm_err
    RESULT_VARIABLE _nm_rc)
if(NOT _nm_rc EQUAL 0)
    message(FATAL_ERROR "${NM} -D failed on ${LIBRARY}: ${_nm_err}")
endif()
string(REPLACE "\n" ";" _lines "${_nm_out}")
set(_exported "")
foreach(_line IN LISTS _lines)
    if(_line MATCHES "^[0-9a-fA-F]* *[A-Za-z] ([^ ]+)$")
        set(_sym "${CMAKE_MATCH_1}")
        string(REGEX REPLACE "@.*$" "" _sym "${_sym}")
        # Linker-provided markers are not ours.
        if(NOT _sym MATCHES "^(_init|_fini|_edata|_end|__bss_start)$")
            list(APPEND _exported "${_sym}")
        endif()
    endif()
endforeach()
list(REMOVE_DUPLICATES _exported)
list(SORT _exported)

set(_missing ${_declared})
list(REMOVE_ITEM _missing ${_exported} "")
set(_extra ${_exported})
list(REMOVE_ITEM _extra ${_declared} "")

list(LENGTH _declared _n_declared)
list(LENGTH _exported _n_exported)
set(_ok TRUE)
if(_missing)
    list(JOIN _missing "\n  " _text)
    message(SEND_ERROR "declared PODSIM_API in podsim.h but not exported "
        "(not implemented, or not marked PODSIM_API in the .c file?):\n  ${_text}")
    set(_ok FALSE)
endif()
if(_extra)
    list(JOIN _extra "\n  " _text)
    message(SEND_ERROR "exported but not declared PODSIM_API in podsim.h "
        "(make it static, or give it hidden visibility):\n  ${_text}")
    set(_ok FALSE)
endif()
if(_ok)
    message(STATUS "exports: ${_n_declared} declared, ${_n_exported} exported, all match")
endif()
