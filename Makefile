# The two commands that matter on a fresh Debian 12 machine:
#   make run    builds and runs xfx-authd (and the demo API) on their embedded defaults
#   make test   builds and passes every test, plain and under ASan+UBSan
# Everything installs what it needs first (scripts/install-deps.sh, as root via apt).

# ccache hashes relative paths under the repo, so a fresh clone elsewhere (as CI makes) still
# hits the cache of earlier builds on the same machine.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

BUILD_DIR ?= build
ASAN_DIR  ?= build-asan
BENCH_DIR ?= build-release
JOBS      ?= 2
FUZZ_SECONDS ?= 300
GENERATOR ?= Ninja

.PHONY: all deps build asan-build test test-plain test-asan test-fuzz test-install run bench fuzz format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)

asan-build: deps
	@cmake -S . -B $(ASAN_DIR) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=Debug -DXFX_SANITIZE=ON \
	  -DXFX_BUILD_BENCH=OFF >/dev/null
	cmake --build $(ASAN_DIR) -j$(JOBS)

test-plain: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS)

test-asan: asan-build
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_DIR) --output-on-failure -j$(JOBS)

# libFuzzer (clang-14) on the token and key-set parsers: briefly in `make test`, longer in `make fuzz`.
test-fuzz: deps
	tests/fuzz/run.sh 5

# The client SDK installed and used by an outside project, against a real server.
test-install: build
	scripts/test-install.sh $(BUILD_DIR)

test: test-plain test-asan test-fuzz test-install

run: build
	scripts/run-local.sh $(BUILD_DIR)

fuzz: deps
	tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: deps
	@cmake -S . -B $(BENCH_DIR) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=Release \
	  -DXFX_BUILD_TESTS=OFF >/dev/null
	cmake --build $(BENCH_DIR) -j$(JOBS)
	scripts/bench.sh $(BENCH_DIR)

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(BENCH_DIR) build-fuzz
