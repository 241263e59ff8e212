# tidepool_module(NAME DIR DEPS...)
# One static library per folder under src/: every .cc in DIR except *_test.cc, *_benchmark.cc and
# *_fuzz.cc. The folder's *_test.cc files form one test binary, NAME_test, registered with ctest.
function(tidepool_module name dir)
  set(deps ${ARGN})
  file(GLOB all_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.cc)
  set(lib_sources "")
  set(test_sources "")
  foreach(src IN LISTS all_sources)
    if(src MATCHES "_test\\.cc$")
      list(APPEND test_sources ${src})
    elseif(NOT src MATCHES "_(benchmark|fuzz)\\.cc$")
      list(APPEND lib_sources ${src})
    endif()
  endforeach()
  if(lib_sources)
    add_library(${name} STATIC ${lib_sources})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${name} PUBLIC ${deps})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${name} INTERFACE ${deps})
  endif()
  if(test_sources)
    add_executable(${name}_test ${test_sources})
    target_link_libraries(${name}_test PRIVATE ${name} GTest::gmock GTest::gtest_main)
    # Test code is mostly gtest macro expansion: optimising it hard and emitting full debug info
    # doubles CI's compile time for nothing. The libraries under test keep the build's flags.
    target_compile_options(${name}_test PRIVATE
      $<$<CONFIG:RelWithDebInfo>:-O1 -g0> $<$<CONFIG:Debug>:-g1>)
    target_compile_definitions(${name}_test PRIVATE
      TIDEPOOL_TESTDATA_DIR="${PROJECT_SOURCE_DIR}/testdata")
    gtest_discover_tests(${name}_test DISCOVERY_MODE PRE_TEST NO_PRETTY_VALUES
      PROPERTIES LABELS unit)
  endif()
endfunction()
