# daxbench merge (analysis/merge_command.cc): the rounds of lab/daxlab ab.
daxbench_test(analysis_merge_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/analysis_merge_test.cc)
