# The compact console of `daxbench run` against Google Benchmark's, from runs
# of the binary on tmpfs.
daxbench_test(console_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/console_test.cc)
