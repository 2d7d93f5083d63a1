# libFuzzer harnesses (docs/load-testing.md "Fuzzing"). Only in the clang build that
# scripts/fuzz configures in build-fuzz: clang++-14, -DKEFU_FUZZ=ON -DKEFU_SANITIZE=ON and
# -fsanitize=fuzzer-no-link (coverage feedback) on every library of the project.
if(KEFU_FUZZ)
  # Asio and Beast's separately compiled part is third-party code, not what the harnesses look
  # at: no coverage and no sanitizers there.
  target_compile_options(kefu_asio PRIVATE -fno-sanitize=all)

  add_executable(command_decoder_fuzz fuzz/command_decoder_fuzz.cpp)
  target_link_libraries(command_decoder_fuzz PRIVATE kefu_domain)
  add_executable(http_routes_fuzz fuzz/http_routes_fuzz.cpp)
  target_link_libraries(http_routes_fuzz PRIVATE kefu_net_routes)
  foreach(harness command_decoder_fuzz http_routes_fuzz)
    target_include_directories(${harness} PRIVATE ${PROJECT_SOURCE_DIR})
    target_compile_options(${harness} PRIVATE -fsanitize=fuzzer)
    target_link_options(${harness} PRIVATE -fsanitize=fuzzer)
  endforeach()
endif()
