# daxbench run --profile and the report's profile tables (label host: real
# perf record runs on a temp directory, ~1 min; needs linux-perf).
daxbench_test(profile_host_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/profile_host_test.cc
              LABELS host TIMEOUT 600)
add_dependencies(profile_host_test daxbench)
