# The TLB counters' libpfm4 encodings on CPUs this machine is not
# (LIBPFM_FORCE_PMU), so the Intel and AMD names are checked without a PMU.
daxbench_test(counters_pfm_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/counters_pfm_test.cc)
