# Issue 11: signals and faults never lose finished results (the real binary,
# signalled on tmpfs and plain-directory targets).
daxbench_test(interrupted_run_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/interrupted_run_test.cc
              LABELS host TIMEOUT 600)
