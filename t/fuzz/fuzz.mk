# libFuzzer harnesses, one per parser (t/fuzz/*.c), included by the top
# Makefile.  Built with clang under build/fuzz/ (ASan + UBSan + the fuzzer's
# coverage), against the library without libxen (the live backends' stubs).
#
#   make fuzz FUZZ_S=N     run each harness N seconds (default 60) on its corpus
#   make fuzz-build        build the harnesses and their seed corpora only
#
# Seeds are made from the readable sources the tests use (t/data, by
# t/fuzz/mkseeds.sh) plus t/fuzz/seeds/NAME/; new inputs the fuzzer finds go
# to build/fuzz/corpus/NAME/, crashes to build/fuzz/crashes/NAME/.  A crash
# that was fixed is kept as a regression input in t/fuzz/regressions/NAME/
# (t0900 runs every harness on those and briefly on its corpus).

FUZZ_CC ?= clang
FUZZ_S ?= 60
FUZZ_DIR := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 $(WARNINGS) -g -O1 $(FUZZ_SAN) $(ALL_CPPFLAGS) -It/helper
FUZZ_NAMES := $(sort $(basename $(notdir $(wildcard t/fuzz/*.c))))
FUZZ_BINS := $(patsubst %,$(FUZZ_DIR)/bin/%,$(FUZZ_NAMES))
FUZZ_LIB_SRCS := $(filter-out $(LIB_LIVE),$(wildcard lib/*/*.c))
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_LIB_SRCS))
FUZZ_LIBS := $(shell $(PKG_CONFIG) --libs libelf jansson zlib libdeflate 2>/dev/null || echo -lelf -ljansson -lz -ldeflate) \
	$(shell $(PKG_CONFIG) --libs libdwarf 2>/dev/null || echo -ldwarf)

$(FUZZ_DIR)/obj/lib/%-live-stub.o: CSTD := -std=gnu11
$(FUZZ_DIR)/obj/lib/symbolize/%.o: ALL_CPPFLAGS += $(DWARF_CFLAGS)
$(FUZZ_DIR)/obj/%.o: %.c | $(PUBLIC_HEADER)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

# The fixture loader harness links the test helper's loader.
$(FUZZ_DIR)/bin/model: $(FUZZ_DIR)/obj/t/helper/model.o $(FUZZ_DIR)/obj/t/helper/model-shadow.o \
	$(FUZZ_DIR)/obj/t/helper/model-dirty.o $(FUZZ_DIR)/obj/t/helper/model-cow.o
$(FUZZ_DIR)/bin/%: $(FUZZ_DIR)/obj/t/fuzz/%.o $(FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $(filter %.o,$^) $(FUZZ_LIBS)

# Objects are not intermediates: keep them for the next build.
.PRECIOUS: $(FUZZ_DIR)/obj/%.o

.PHONY: fuzz fuzz-build fuzz-seeds
fuzz-seeds: $(UNIT_BINS) $(TEST_TOOL)
	$(TEST_ENV) t/fuzz/mkseeds.sh $(FUZZ_DIR)/seeds

fuzz-build: $(FUZZ_BINS) fuzz-seeds

fuzz: fuzz-build
	t/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_S) $(FUZZ_NAMES)

