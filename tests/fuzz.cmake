# libFuzzer harnesses (docs/load-testing.md "Fuzzing"). Only in the clang build that
# scripts/fuzz configures in build-fuzz: clang++-14, -DKEFU_FUZZ=ON -DKEFU_SANITIZE=ON and
# -fsanitize=fuzzer-no-link (coverage feedback) on every library of the project.
if(KEFU_FUZZ)
  # Asio and Beast's separately compiled part is third-party code, not what the harnesses look
  # at: no coverage and no sanitizers there.
  target_compile_options(kefu_asio PRIVATE -fno-sanitize=all)

  # http_routes_fuzz needs kefu_net's routes and ServerState, not its socket layer: this copy of
  # kefu_net leaves out the sessions, the listener and serve(), the files that instantiate most
  # of Beast (a quarter of the fuzz build's time). Should the routes ever call into one of them,
  # the harness fails to link: take that file off the list.
  get_target_property(net_dir kefu_net SOURCE_DIR)
  get_target_property(net_sources kefu_net SOURCES)
  list(FILTER net_sources EXCLUDE REGEX "(^|/)(websocket_session|http_session|listener|serve)\\.cpp$")
  list(TRANSFORM net_sources PREPEND "${net_dir}/" REGEX "^[^/]")
  get_target_property(net_links kefu_net LINK_LIBRARIES)
  add_library(kefu_net_routes STATIC EXCLUDE_FROM_ALL ${net_sources})
  target_include_directories(kefu_net_routes PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(kefu_net_routes PUBLIC ${net_links})

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
