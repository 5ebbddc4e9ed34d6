# tlb:tlb_flush split by reason, on the host: munmap in a two-thread address
# space sends remote shootdowns, a single thread's does not.
daxbench_test(tlb_flush_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tlb_flush_test.cc)
