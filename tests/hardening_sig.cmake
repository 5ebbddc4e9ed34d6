# Issue 11: signals and faults never lose finished results (the real binary,
# signalled on tmpfs and plain-directory targets).
daxbench_test(hardening_sig_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/hardening_sig_test.cc
              LABELS host TIMEOUT 600)
# compare: bad times, resamples, non-regular inputs, significance it cannot reach.
daxbench_test(hardening_sig_compare_test
              SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/hardening_sig_compare_test.cc)
