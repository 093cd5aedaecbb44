# eppkit: a thin wrapper around CMake.
#   make          build everything into build/
#   make test     install missing packages, build, run every test
#   make demo     install missing packages, run a local registry + gate demo
#                 (CLUSTER=3: on a local three-node broker cluster)
#   make demo-up  the demo's services left running in DEMO_DIR (default
#                 build/demo) for the commands of README.md and docs/:
#                 cd build/demo && . ./env; make demo-down stops them
#   make install  install into PREFIX (default /usr/local)
#   make deb      Debian packages into DEB_DIR (default build-deb), lintian
#   make test-deb build, install, use and purge the packages (as root)
BUILD   ?= build
PREFIX  ?= /usr/local
CMAKE_FLAGS ?=
DEB_DIR ?= build-deb
DEMO_DIR ?= $(BUILD)/demo
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)

all: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

$(BUILD)/CMakeCache.txt:
	@scripts/deps.sh build
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory all
	scripts/run-tests.sh $(BUILD)

demo:
	@scripts/deps.sh demo
	@$(MAKE) --no-print-directory all
	CLUSTER=$(CLUSTER) scripts/demo.sh $(BUILD)

demo-up:
	@scripts/deps.sh demo
	@$(MAKE) --no-print-directory all
	scripts/demo.sh $(BUILD) --up $(DEMO_DIR)

demo-down:
	scripts/demo.sh $(BUILD) --down $(DEMO_DIR)

install: all
	cmake --install $(BUILD)

deb:
	@scripts/deps.sh deb
	scripts/build-deb.sh $(DEB_DIR)

# Installs into this machine and purges again: not part of make test.
test-deb: deb
	@scripts/deps.sh demo
	scripts/test-deb.sh $(DEB_DIR)

SOURCES = $$(find include lib gate sim tools tests fuzz bench examples \
	    -name '*.[ch]' 2>/dev/null)

format:
	clang-format -i $(SOURCES)

format-check:
	clang-format --dry-run -Werror $(SOURCES)

clean:
	rm -rf $(BUILD)

.PHONY: all test demo demo-up demo-down install deb test-deb format format-check clean
