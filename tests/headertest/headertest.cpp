/*
 * headertest.cpp - podsim.h must compile as C++ (extern "C", no C-only
 * syntax), with -std=c++11 -Wpedantic -Werror and nothing but core/include
 * on the include path. At run time the library must report the version the
 * header and the VERSION file state.
 */
#include "podsim.h"
#include "podsim.h"

#include <cstdio>
#include <cstring>

#define HT_STR2(x) #x
#define HT_STR(x) HT_STR2(x)
#define HT_HEADER_VERSION        \
    HT_STR(PODSIM_VERSION_MAJOR) \
    "." HT_STR(PODSIM_VERSION_MINOR) "." HT_STR(PODSIM_VERSION_PATCH)

int main() {
    const char *lib = podsim_version();

    if (std::strcmp(HT_HEADER_VERSION, PODSIM_EXPECTED_VERSION) != 0) {
        std::fprintf(stderr, "podsim.h says %s, VERSION says %s\n",
                     HT_HEADER_VERSION, PODSIM_EXPECTED_VERSION);
        return 1;
    }
    if (lib == nullptr || std::strcmp(lib, HT_HEADER_VERSION) != 0) {
        std::fprintf(stderr, "podsim_version() returned %s, podsim.h says %s\n",
                     lib ? lib : "NULL", HT_HEADER_VERSION);
        return 1;
    }
    std::printf("headertest_cpp: podsim %s\n", lib);
    return 0;
}
