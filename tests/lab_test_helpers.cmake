# Lab tests (label `lab`): each boots the daxlab QEMU guest (lab/daxlab) with
# emulated NVDIMMs, once or several times. Every one is declared through
# daxbench_lab_test, so all have the label, a timeout and RESOURCE_LOCK
# daxlab, which keeps them one at a time: each guest wants every host CPU.
# Included once from tests/CMakeLists.txt, before the areas' fragments.

# daxbench_lab_test(NAME TIMEOUT seconds COMMAND cmd... [WORKING_DIRECTORY dir]
#                   [PROPERTIES prop value...]): one lab test; PROPERTIES go to
# set_tests_properties after the shared ones (e.g. FIXTURES_REQUIRED).
function(daxbench_lab_test name)
  cmake_parse_arguments(L "" "TIMEOUT;WORKING_DIRECTORY" "COMMAND;PROPERTIES" ${ARGN})
  if(NOT L_TIMEOUT OR NOT L_COMMAND)
    message(FATAL_ERROR "daxbench_lab_test(${name}): TIMEOUT and COMMAND are required")
  endif()
  if(L_WORKING_DIRECTORY)
    add_test(NAME ${name} COMMAND ${L_COMMAND} WORKING_DIRECTORY ${L_WORKING_DIRECTORY})
  else()
    add_test(NAME ${name} COMMAND ${L_COMMAND})
  endif()
  set_tests_properties(${name} PROPERTIES LABELS lab TIMEOUT ${L_TIMEOUT} RESOURCE_LOCK daxlab
                                          ${L_PROPERTIES})
endfunction()

# daxlab_run_test(NAME TIMEOUT seconds GUEST_TIMEOUT seconds BINARY target
#                 [DETERMINISTIC] [ARGS arg...]): a lab test that runs a test
# binary (daxbench_test_executable) inside the guest, from the build
# directory: lab/daxlab run --quiet [--deterministic] --build <build>
# --timeout GUEST_TIMEOUT -- BINARY ARGS. GUEST_TIMEOUT leaves the ctest
# TIMEOUT room for the boot and the guest's --grace.
function(daxlab_run_test name)
  cmake_parse_arguments(R "DETERMINISTIC" "TIMEOUT;GUEST_TIMEOUT;BINARY" "ARGS" ${ARGN})
  if(NOT R_TIMEOUT OR NOT R_GUEST_TIMEOUT OR NOT R_BINARY)
    message(FATAL_ERROR "daxlab_run_test(${name}): TIMEOUT, GUEST_TIMEOUT and BINARY are required")
  endif()
  set(deterministic)
  if(R_DETERMINISTIC)
    set(deterministic --deterministic)
  endif()
  daxbench_lab_test(
    ${name}
    TIMEOUT ${R_TIMEOUT}
    COMMAND ${CMAKE_SOURCE_DIR}/lab/daxlab run --quiet ${deterministic} --build ${CMAKE_BINARY_DIR}
            --timeout ${R_GUEST_TIMEOUT} -- $<TARGET_FILE:${R_BINARY}> ${R_ARGS}
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
endfunction()
