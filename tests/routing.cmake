# Routing engine, wait estimates, Erlang C and the simulator (server/routing).
kefu_add_test(routing_policy_test SOURCES routing_policy_test.cpp LIBS kefu_routing)
kefu_add_test(routing_lifecycle_test SOURCES routing_lifecycle_test.cpp LIBS kefu_routing)
kefu_add_test(routing_queue_changes_test SOURCES routing_queue_changes_test.cpp LIBS kefu_routing)
kefu_add_test(routing_estimate_test SOURCES routing_estimate_test.cpp LIBS kefu_routing)
kefu_add_test(routing_erlang_test SOURCES routing_erlang_test.cpp LIBS kefu_routing)
kefu_add_test(routing_simulate_command_test SOURCES routing_simulate_command_test.cpp
              LIBS kefu_routing Boost::json)

# Micro-benchmark: a plain program, not a test (run build/tests/routing_bench).
add_executable(routing_bench bench/routing_bench.cpp)
target_link_libraries(routing_bench PRIVATE kefu_routing)
target_include_directories(routing_bench PRIVATE ${PROJECT_SOURCE_DIR})
