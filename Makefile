# podsim - the README's two commands are `make demo` and `make test`.
#
# Both install what is missing (apt and pip), build the C library, the Lua
# module and the C tests with CMake into build/, and install the Python
# package (setup.py builds podsim._podsim) into the current Python.
#
#   make demo          run examples/demo.py on examples/cluster.yaml
#   make test          every CTest entry: c, python, lua, notebooks
#   make asan          C tests and Python tests under ASan + UBSan (build-asan/)
#   make valgrind      C tests under valgrind (ctest -T memcheck)
#   make bench         every benchmark of bench/ (loader, scheduling, lifecycle, what-if, diagnosis)
#   make bench-schedule  only the scheduling benchmark (SCHED_BENCH_ARGS=...)
#   make bench-lifecycle only the lifecycle benchmark (LIFE_BENCH_ARGS=...)
#   make bench-whatif  only the node-failure what-if benchmark (WHATIF_BENCH_ARGS=...)
#   make bench-diagnose only the diagnosis benchmark (DIAG_BENCH_ARGS=...)
#   make notebooks     re-execute notebooks/*.ipynb in place, keeping outputs
#   make format-check  clang-format --dry-run over the C sources
#   make clean         remove build folders and Python build leftovers

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

PYTHON ?= python3
# The real interpreter, not a pyenv shim, so CMake, pip and LD_PRELOAD all
# see the same program.
PY := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null || echo $(PYTHON))
CMAKE ?= cmake
CTEST ?= ctest
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

BUILD_DIR ?= build
ASAN_DIR ?= build-asan
BUILD_TYPE ?= RelWithDebInfo
CMAKE_ARGS ?=

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_PACKAGES := libyaml-dev liblua5.4-dev lua5.4 libcmocka-dev lua-busted \
                pkg-config cmake build-essential clang-format-14
# Distribution name = import name for each of these.
PIP_PACKAGES := pytest nbclient nbformat ipykernel pandas matplotlib

PIP := $(PY) -m pip --disable-pip-version-check
PIP_INSTALL := $(PIP) install -q --root-user-action=ignore
# Build with the setuptools already installed when there is one (no network,
# no fresh build environment); otherwise let pip provide it.
PIP_ISOLATION = $(shell $(PY) -c 'import setuptools, wheel' >/dev/null 2>&1 && echo --no-build-isolation)

LIBASAN = $(shell gcc -print-file-name=libasan.so)

.PHONY: fuzz all deps deps-apt deps-pip build python-install demo test asan asan-c asan-python \
        valgrind bench bench-load bench-schedule bench-lifecycle bench-whatif bench-diagnose notebooks \
        format-check clean help

all: build

help:
	@sed -n '1,17p' Makefile | sed 's/^# \{0,1\}//'

# ---------------------------------------------------------------------------
# Dependencies: install only what is missing.
# ---------------------------------------------------------------------------

deps: deps-apt deps-pip

deps-apt:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q "install ok installed" \
	        || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	    echo "deps: apt-get install$$missing"; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

deps-pip:
	@missing=$$($(PY) -c 'import sys, importlib.util as u; print(" ".join(p for p in sys.argv[1:] if u.find_spec(p) is None))' $(PIP_PACKAGES)); \
	if [ -n "$$missing" ]; then \
	    echo "deps: pip install $$missing"; \
	    $(PIP_INSTALL) $$missing; \
	fi

# ---------------------------------------------------------------------------
# Build: CMake (library, Lua module, C tests) and pip (Python package).
# ---------------------------------------------------------------------------

build:
	$(CMAKE) -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DPODSIM_WERROR=ON \
	    -DPython3_EXECUTABLE=$(PY) $(CMAKE_ARGS)
	$(CMAKE) --build $(BUILD_DIR) -j $(JOBS)

python-install:
	$(PIP_INSTALL) $(PIP_ISOLATION) .

demo: deps build python-install
	$(PY) examples/demo.py examples/cluster.yaml

test: deps build python-install
	$(CTEST) --test-dir $(BUILD_DIR) --output-on-failure --no-tests=error -j $(JOBS)

# ---------------------------------------------------------------------------
# Sanitizers and valgrind
# ---------------------------------------------------------------------------

asan: asan-c asan-python

asan-c:
	$(CMAKE) -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Asan -DPODSIM_WERROR=ON \
	    -DPython3_EXECUTABLE=$(PY) $(CMAKE_ARGS)
	$(CMAKE) --build $(ASAN_DIR) -j $(JOBS)
	$(CTEST) --test-dir $(ASAN_DIR) -L c --output-on-failure --no-tests=error -j $(JOBS)

# The extension built with PODSIM_SANITIZE=1 into build-asan/python, loaded
# by a Python that has the ASan runtime preloaded. PYTHONMALLOC=malloc lets
# ASan see Python object memory; detect_leaks=0 because CPython itself does
# not free everything at exit. pytest's exit 5 (nothing collected) passes.
asan-python:
	rm -rf $(ASAN_DIR)/python
	PODSIM_SANITIZE=1 $(PIP_INSTALL) $(PIP_ISOLATION) --no-deps --target $(ASAN_DIR)/python .
	@echo "asan: pytest tests/python with $(LIBASAN) preloaded"
	@status=0; \
	export LD_PRELOAD=$(LIBASAN) \
	    ASAN_OPTIONS=detect_leaks=0 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    PYTHONMALLOC=malloc \
	    PYTHONPATH=$(CURDIR)/$(ASAN_DIR)/python \
	    PODSIM_TEST_DATA=$(CURDIR)/tests/data \
	    PODSIM_SHARED_DIR=$(CURDIR)/../shared; \
	$(PY) -c 'import podsim._podsim as m; print("asan: using", m.__file__)'; \
	$(PY) -m pytest tests/python -q -p no:cacheprovider || status=$$?; \
	if [ $$status -eq 5 ]; then echo "asan: no Python tests collected"; status=0; fi; \
	exit $$status

valgrind: build
	$(CTEST) --test-dir $(BUILD_DIR) -L c -LE tool -T memcheck --output-on-failure --no-tests=error

# ---------------------------------------------------------------------------
# Benchmarks, notebooks, formatting
# ---------------------------------------------------------------------------

BENCH_FILE ?= bench/out/cluster-5000x150000.yaml
BENCH_ARGS ?=

# Every benchmark of bench/README.md, one after the other.
bench: bench-load bench-schedule bench-lifecycle bench-whatif bench-diagnose

# The loader benchmark (bench/README.md): generates the 5,000-node,
# 150,000-pod snapshot once, then times libyaml alone and podsim's load on
# it and prints seconds, MB/s, the ratio and peak memory per pod.
bench-load: deps build
	@test -f $(BENCH_FILE) || $(PY) bench/gen_cluster.py --out $(BENCH_FILE)
	$(CC) -O2 -std=c11 -Icore/include bench/bench_load.c $(BUILD_DIR)/libpodsim.a -lyaml -o $(BUILD_DIR)/bench_load
	$(BUILD_DIR)/bench_load $(BENCH_FILE) $(BENCH_ARGS)

# The scheduling benchmark (bench/README.md): SchedulingBasic, topology
# spread and pod anti-affinity at 5,000 nodes / 1,000 placed / 10,000
# pending pods, and the Alibaba openb trace from ../shared (skipped when
# absent), each in sampling and exhaustive mode. Prints pods/s, ns per
# pod x node evaluated and peak RSS; asserts no timing. A quick run:
#   make bench-schedule SCHED_BENCH_ARGS="--nodes 500 --init 100 --pods 1000"
SCHED_BENCH_ARGS ?=
bench-schedule: deps build
	$(CC) -O2 -std=c11 -Icore/include bench/bench_schedule.c $(BUILD_DIR)/libpodsim.a -lyaml -lm -o $(BUILD_DIR)/bench_schedule
	PODSIM_SHARED_DIR="$${PODSIM_SHARED_DIR:-$(CURDIR)/../shared}" $(BUILD_DIR)/bench_schedule $(SCHED_BENCH_ARGS)

# The lifecycle benchmark (bench/README.md): 150,000 pods on 5,000 nodes
# created, scheduled and started, then a simulated day of Job churn.
#   make bench-lifecycle LIFE_BENCH_ARGS="--nodes 500 --deployments 30"
bench-lifecycle: deps build
	$(CC) -O2 -std=c11 -Icore/include bench/bench_lifecycle.c $(BUILD_DIR)/libpodsim.a -lyaml -lm -o $(BUILD_DIR)/bench_lifecycle
	$(BUILD_DIR)/bench_lifecycle $(LIFE_BENCH_ARGS)

# The what-if benchmark (bench/README.md): 150,000 pods on 5,000 nodes, a
# zone fails, one simulated hour; and the cost of a fork.
#   make bench-whatif WHATIF_BENCH_ARGS="--nodes 500 --deployments 60"
bench-whatif: deps build
	$(CC) -O2 -std=c11 -Icore/include bench/bench_whatif.c $(BUILD_DIR)/libpodsim.a -lyaml -lm -o $(BUILD_DIR)/bench_whatif
	$(BUILD_DIR)/bench_whatif $(WHATIF_BENCH_ARGS)

# The diagnosis benchmark (bench/bench_diagnose.c): a kubectl dump of 5,000
# nodes and 150,000 pods (a few thousand problem pods, 10 lost nodes) made
# in memory, loaded, every pod diagnosed, then full diagnoses of one pod of
# each kind. Prints seconds, pods/s, findings by category and peak RSS.
#   make bench-diagnose DIAG_BENCH_ARGS="--nodes 500 --pods 15000"
DIAG_BENCH_ARGS ?=
bench-diagnose: deps build
	$(CC) -O2 -std=c11 -Icore/include bench/bench_diagnose.c $(BUILD_DIR)/libpodsim.a -lyaml -lm -o $(BUILD_DIR)/bench_diagnose
	$(BUILD_DIR)/bench_diagnose $(DIAG_BENCH_ARGS)

# Re-run every notebook in its own folder and save it with its outputs (the
# committed notebooks carry the outputs of a real run).
notebooks: deps python-install
	@shopt -s nullglob; for gen in notebooks/make_*.py; do $(PY) "$$gen"; done; \
	books=(notebooks/*.ipynb); \
	if [ $${#books[@]} -eq 0 ]; then echo "notebooks: none"; exit 0; fi; \
	for nb in "$${books[@]}"; do \
	    echo "notebooks: executing $$nb"; \
	    (cd "$$(dirname "$$nb")" && $(PY) -c 'import sys; from nbclient.cli import main; sys.exit(main())' \
	        --inplace --timeout=600 --kernel_name=python3 "$$(basename "$$nb")"); \
	done

C_FORMAT_FILES = $(wildcard core/include/*.h core/src/*.c core/src/*.h \
                   bindings/python/*.c bindings/lua/*.c tests/c/*.c tests/c/*.h \
                   tests/headertest/*.c tests/headertest/*.cpp tests/fuzz/*.c \
                   examples/*.c bench/*.c)

# libFuzzer over the loader (tests/fuzz/fuzz_load.c); needs clang-14 and
# libclang-rt-14-dev. FUZZ_SECONDS bounds the run.
FUZZ_SECONDS ?= 300
fuzz:
	@command -v clang-14 >/dev/null || { echo "fuzz: needs clang-14 and libclang-rt-14-dev"; exit 1; }
	mkdir -p $(BUILD_DIR)/fuzz-corpus
	clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    -Icore/include core/src/*.c tests/fuzz/fuzz_load.c -lyaml -o $(BUILD_DIR)/fuzz_load
	$(BUILD_DIR)/fuzz_load -max_len=8192 -timeout=10 -max_total_time=$(FUZZ_SECONDS) \
	    $(BUILD_DIR)/fuzz-corpus tests/data tests/data/bad tests/data/sim tests/data/diagnose examples

# .clang-format is written for clang-format 14 (Debian 12); other releases
# may lay out a few constructs differently.
CLANG_FORMAT ?= $(shell command -v clang-format-14 || command -v clang-format)

format-check:
	@test -n "$(CLANG_FORMAT)" || { echo "format-check: clang-format not found (apt-get install clang-format-14)"; exit 1; }
	$(CLANG_FORMAT) --dry-run --Werror $(C_FORMAT_FILES)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) build-* dist python/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true
