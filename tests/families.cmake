# What each family declares about itself (workloads/family.h): default
# events, presentation (unit, headline counters, plots). Host, no pmem.
daxbench_test(families_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/families_test.cc)
