# Tests of compare and report (analysis/). Fixtures: tests/data/analysis/
# (regenerate with tests/data/analysis/make_fixtures.py).
daxbench_test(analysis_stats_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/analysis_stats_test.cc
              LABELS unit)
daxbench_test(analysis_compare_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/analysis_compare_test.cc
              LABELS unit)
daxbench_test(analysis_report_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/analysis_report_test.cc
              LABELS unit TIMEOUT 300)
# daxbench trend on committed results (reports/known-answer, 6.1 vs 6.12).
daxbench_test(analysis_trend_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/analysis_trend_test.cc
              LABELS unit)
# Issue 11, compare: bad times, resamples, non-regular inputs, significance
# it cannot reach.
daxbench_test(analysis_compare_inputs_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/analysis_compare_inputs_test.cc)
# Derived differences (pte - pmd) and scaling efficiency, on results built
# in the test with known times.
daxbench_test(analysis_derived_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/analysis_derived_test.cc
              LABELS unit)
# Two real runs of the same host scenario (needs a writable temp dir; ~20 s),
# compared as an A/A: serial, so no parallel test skews one side.
daxbench_test(analysis_host_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/analysis_host_test.cc
              LABELS host TIMEOUT 600 SERIAL)
# The CLI tests run build/daxbench.
foreach(t analysis_compare_test analysis_report_test analysis_trend_test analysis_derived_test analysis_host_test)
  add_dependencies(${t} daxbench)
endforeach()
