# libFuzzer harnesses (docs/load-testing.md "Fuzzing"). As fuzzers only in the clang build that
# scripts/fuzz configures in build-fuzz: clang++-14, -DKEFU_FUZZ=ON -DKEFU_SANITIZE=ON and
# -fsanitize=fuzzer-no-link (coverage feedback) on every library of the project. In every other
# build, as replays of their seed inputs (the CTest cases "fuzz seeds: <harness>").
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
else()
  # The short form, in the ordinary build (and its ASan/UBSan build): each harness replays its
  # seed inputs through a plain main() (fuzz/replay_main.cpp) as a CTest case.
  add_executable(command_decoder_replay fuzz/command_decoder_fuzz.cpp fuzz/replay_main.cpp)
  target_link_libraries(command_decoder_replay PRIVATE kefu_domain)
  add_executable(http_routes_replay fuzz/http_routes_fuzz.cpp fuzz/replay_main.cpp)
  target_link_libraries(http_routes_replay PRIVATE kefu_net_routes)
  foreach(harness command_decoder http_routes)
    target_include_directories(${harness}_replay PRIVATE ${PROJECT_SOURCE_DIR})
    add_test(NAME "fuzz seeds: ${harness}"
             COMMAND ${harness}_replay ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${harness})
  endforeach()
endif()
