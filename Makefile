# The two commands of README.md, and a few helpers.
#   make run    build localcloud and serve the workshop app on 127.0.0.1:4566
#   make test   build (plain and ASan/UBSan) and run every test
#   make fuzz   build the libFuzzer targets (clang) and run each for FUZZ_SECONDS
.PHONY: run test build setup bench fuzz clean

BUILD ?= build
CONFIG ?= config/workshop.json
ARGS ?=

setup:
	@.ci/setup

build: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) --target localcloud

run: build
	@if [ -f $(CONFIG) ]; then exec $(BUILD)/src/app/localcloud --config $(CONFIG) $(ARGS); \
	 else exec $(BUILD)/src/app/localcloud $(ARGS); fi

test:
	@.ci/setup --test
	@.ci/test

FUZZ_SECONDS ?= 300
fuzz:
	@.ci/setup --fuzz
	@cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++-14 -DLOCALCLOUD_FUZZ=ON >/dev/null
	@cmake --build build-fuzz --target fuzzers
	@FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_TARGETS)

bench: setup
	@bench/run.sh

clean:
	rm -rf build build-asan build-bench build-fuzz
