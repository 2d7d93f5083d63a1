# libFuzzer harnesses (docs/load-testing.md). Only in a clang build configured with
#   -DKEFU_FUZZ=ON -DKEFU_SANITIZE=ON -DCMAKE_CXX_COMPILER=clang++-14
#   -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link
# (scripts/fuzz does that in build-fuzz).
if(KEFU_FUZZ)
  add_executable(command_decoder_fuzz fuzz/command_decoder_fuzz.cpp)
  target_link_libraries(command_decoder_fuzz PRIVATE kefu_domain)
  add_executable(http_routes_fuzz fuzz/http_routes_fuzz.cpp)
  target_link_libraries(http_routes_fuzz PRIVATE kefu_net)
  foreach(harness command_decoder_fuzz http_routes_fuzz)
    target_include_directories(${harness} PRIVATE ${PROJECT_SOURCE_DIR})
    target_compile_options(${harness} PRIVATE -fsanitize=fuzzer)
    target_link_options(${harness} PRIVATE -fsanitize=fuzzer)
  endforeach()
endif()
