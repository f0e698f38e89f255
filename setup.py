"""Build podsim's Python package and its extension module podsim._podsim.

setup.py is the only builder of the extension. It compiles every
core/src/*.c (a sorted glob) plus bindings/python/podsim_py.c into one
module, so the wheel needs no installed libpodsim. CMakeLists.txt lists the
same core sources explicitly; tests/test_sources_in_sync.py checks that the
two lists, and WARNINGS below and CMake's PODSIM_C_WARNINGS, agree.

The extension targets the Limited API of Python 3.11 (one cp311-abi3 wheel),
except on free-threaded builds, which have no abi3.

Environment switches:
  PODSIM_SANITIZE=1  compile and link with ASan + UBSan (run Python with
                     LD_PRELOAD=$(gcc -print-file-name=libasan.so))
  PODSIM_DEBUG=1     -O0 -g, assertions on
  PODSIM_WERROR=1    warnings are errors
"""

import os
import sys
import sysconfig
from glob import glob

from setuptools import Extension, setup

ROOT = os.path.dirname(os.path.abspath(__file__))

# Same list, same order as PODSIM_C_WARNINGS in CMakeLists.txt.
WARNINGS = [
    "-Wall",
    "-Wextra",
    "-Wpedantic",
    "-Wshadow",
    "-Wstrict-prototypes",
    "-Wmissing-prototypes",
]

SANITIZE_FLAGS = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer",
                  "-fno-sanitize-recover=all"]

LIMITED_API_HEX = "0x030B0000"  # Python 3.11
LIMITED_API_TAG = "cp311"


def read_version(root=ROOT):
    """The version, from the VERSION file shared with CMake."""
    with open(os.path.join(root, "VERSION"), encoding="utf-8") as f:
        return f.read().strip()


def core_sources(root=ROOT):
    """core/src/*.c relative to root, sorted: the core of the extension."""
    return sorted(glob("core/src/*.c", root_dir=root))


def _flag(name):
    return os.environ.get(name, "").strip().lower() not in ("", "0", "no", "off", "false")


def build_settings():
    """Extension keyword arguments and setup() options for this build."""
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    limited_api = not free_threaded
    sanitize = _flag("PODSIM_SANITIZE")
    debug = _flag("PODSIM_DEBUG")
    werror = _flag("PODSIM_WERROR")

    # The core is compiled into the extension: PODSIM_STATIC_DEFINE leaves
    # PODSIM_API empty, so with -fvisibility=hidden only PyInit__podsim is
    # exported.
    define_macros = [("PODSIM_BUILDING", None), ("PODSIM_STATIC_DEFINE", None)]
    if limited_api:
        define_macros.append(("Py_LIMITED_API", LIMITED_API_HEX))

    compile_args = []
    link_args = []
    if sys.platform == "win32":
        compile_args += ["/std:c11", "/W4"] + (["/WX"] if werror else [])
    else:
        compile_args += ["-std=c11", "-fvisibility=hidden"] + WARNINGS
        if werror:
            compile_args.append("-Werror")
        if debug:
            compile_args += ["-O0", "-g", "-UNDEBUG"]
        if sanitize:
            compile_args += SANITIZE_FLAGS + (["-g"] if debug else ["-O1", "-g"])
            link_args += ["-fsanitize=address,undefined"]

    extension = Extension(
        "podsim._podsim",
        sources=core_sources() + ["bindings/python/podsim_py.c"],
        include_dirs=["core/include", "core/src"],
        depends=sorted(glob("core/src/*.h", root_dir=ROOT)) + ["core/include/podsim.h"],
        libraries=["yaml", "m"],
        define_macros=define_macros,
        extra_compile_args=compile_args,
        extra_link_args=link_args,
        py_limited_api=limited_api,
    )

    # Separate object folders per flavour, so an ASan or debug build never
    # reuses objects of another (setuptools skips "up-to-date" extensions).
    flavour = "-".join(name for name, on in (("sanitize", sanitize), ("debug", debug)) if on)
    options = {"build": {"build_base": os.path.join("build", "python" + ("-" + flavour if flavour else ""))}}
    if limited_api:
        options["bdist_wheel"] = {"py_limited_api": LIMITED_API_TAG}
    return extension, options


def main():
    readme = os.path.join(ROOT, "README.md")
    long_description = ""
    if os.path.exists(readme):
        with open(readme, encoding="utf-8") as f:
            long_description = f.read()

    extension, options = build_settings()
    setup(
        name="podsim",
        version=read_version(),
        description="Kubernetes pod placement and lifecycle simulator (C core, Python binding)",
        long_description=long_description,
        long_description_content_type="text/markdown",
        python_requires=">=3.11",
        packages=["podsim"],
        package_dir={"": "python"},
        package_data={"podsim": ["py.typed", "*.pyi"]},
        ext_modules=[extension],
        options=options,
        entry_points={"console_scripts": ["podsim = podsim._cli:console_main"]},
        extras_require={
            "pandas": ["pandas", "matplotlib"],
            "test": ["pytest", "nbclient", "nbformat", "ipykernel", "pandas", "matplotlib"],
        },
        classifiers=[
            "Programming Language :: C",
            "Programming Language :: Python :: 3",
            "Programming Language :: Python :: 3 :: Only",
            "Programming Language :: Python :: Implementation :: CPython",
            "Topic :: System :: Clustering",
        ],
        zip_safe=False,
    )


if __name__ == "__main__":
    main()
