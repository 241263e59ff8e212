# The two commands a new user runs: `make run` and `make test`. Both install what is missing
# (Debian packages, see scripts/install-deps.sh), configure and build.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test bench fuzz sanitize format check-format clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	@$(MAKE) --no-print-directory deps
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/tidepool validate -f examples/sqs-burst.yaml
	$(BUILD_DIR)/tidepool plan -f examples/plan-kwok.yaml -o text

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -L unit

bench: build
	@for b in $(BUILD_DIR)/bench/*_benchmark; do [ -x "$$b" ] && "$$b"; done

# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer, in their own build tree.
sanitize: deps
	cmake -S . -B $(BUILD_DIR)-asan -G Ninja -DTIDEPOOL_SANITIZE=ON -DTIDEPOOL_BENCH=OFF \
	  -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(BUILD_DIR)-asan -j $(JOBS)
	ctest --test-dir $(BUILD_DIR)-asan --output-on-failure -j $(JOBS) -L unit

# libFuzzer targets (clang), each run for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: deps
	cmake -S . -B $(BUILD_DIR)-fuzz -G Ninja -DTIDEPOOL_FUZZ=ON -DTIDEPOOL_BENCH=OFF \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++
	cmake --build $(BUILD_DIR)-fuzz -j $(JOBS) --target fuzzers
	scripts/run-fuzzers.sh $(BUILD_DIR)-fuzz $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

check-format:
	clang-format --dry-run -Werror $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-asan $(BUILD_DIR)-fuzz
