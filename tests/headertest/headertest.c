/*
 * headertest.c - podsim.h must stand alone as strict C11.
 *
 * Built with only core/include on the include path and -std=c11 -Wpedantic
 * -Werror, so the header may rely on nothing but itself and the standard
 * headers it includes. It is included twice to exercise the include guard.
 * At run time the library must report the version the header and the
 * VERSION file state.
 */
#include "podsim.h"
#include "podsim.h"

#include <stdio.h>
#include <string.h>

#define HT_STR2(x) #x
#define HT_STR(x) HT_STR2(x)
#define HT_HEADER_VERSION        \
    HT_STR(PODSIM_VERSION_MAJOR) \
    "." HT_STR(PODSIM_VERSION_MINOR) "." HT_STR(PODSIM_VERSION_PATCH)

int main(void) {
    const char *lib = podsim_version();

    if (strcmp(HT_HEADER_VERSION, PODSIM_EXPECTED_VERSION) != 0) {
        fprintf(stderr, "podsim.h says %s, VERSION says %s\n",
                HT_HEADER_VERSION, PODSIM_EXPECTED_VERSION);
        return 1;
    }
    if (lib == NULL || strcmp(lib, HT_HEADER_VERSION) != 0) {
        fprintf(stderr, "podsim_version() returned %s, podsim.h says %s\n",
                lib ? lib : "NULL", HT_HEADER_VERSION);
        return 1;
    }
    printf("headertest_c: podsim %s\n", lib);
    return 0;
}
