# daxbench run --profile and the report's profile tables (label host: real
# perf record runs on a temp directory, ~1 min; needs linux-perf). Serial:
# its timed-numbers test compares two runs' times, which a parallel test on
# this 2-CPU machine skewed once under ctest -j2.
daxbench_test(profile_host_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/profile_host_test.cc
              LABELS host TIMEOUT 600 SERIAL)
add_dependencies(profile_host_test daxbench)
