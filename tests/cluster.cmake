# Several nodes (issue 19): the elected desk and its fenced assignments on a real PostgreSQL
# (label `postgresql`), cross-node wake-ups on a real nats-server (label `nats`), presence.
add_library(kefu_cluster_test_support STATIC support/cluster_database.cpp)
target_include_directories(kefu_cluster_test_support PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(kefu_cluster_test_support PUBLIC kefu_store_test_support kefu_cluster)

# Registers a cluster test binary's cases with `labels`, each case bounded to 60 s.
function(kefu_add_cluster_test name labels)
  catch_discover_tests(${name} TEST_PREFIX "${name}: " DISCOVERY_TIMEOUT 30
                       PROPERTIES LABELS "${labels}" TIMEOUT 60
                                  ENVIRONMENT "KEFU_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()

add_executable(kefu_cluster_desk_tests desk_election_test.cpp desk_campaign_test.cpp
                                       node_presence_postgres_test.cpp desk_fence_test.cpp
                                       assignee_mirror_test.cpp desk_module_fence_test.cpp)
kefu_test_program(kefu_cluster_desk_tests)
target_link_libraries(kefu_cluster_desk_tests PRIVATE kefu_cluster_test_support kefu_sql_postgres)
kefu_add_cluster_test(kefu_cluster_desk_tests postgresql)

# Cross-node wake-ups: a real nats-server (tests/support/local_nats) and PostgreSQL, label
# `nats` (`ctest -L nats`).
add_library(kefu_nats_test_support STATIC support/local_nats.cpp)
target_include_directories(kefu_nats_test_support PUBLIC ${PROJECT_SOURCE_DIR})
add_executable(kefu_cluster_bus_tests node_bus_test.cpp)
kefu_test_program(kefu_cluster_bus_tests)
target_link_libraries(kefu_cluster_bus_tests PRIVATE kefu_cluster_test_support
                                                     kefu_nats_test_support)
kefu_add_cluster_test(kefu_cluster_bus_tests nats)

# The cluster's plain C++ (no server): the follower, presence with a fake clock.
kefu_add_test(kefu_cluster_tests SOURCES conversation_follower_test.cpp node_presence_test.cpp
              node_watch_test.cpp LIBS kefu_cluster)

# `kefu serve --bus` and the config file (the last case uses PostgreSQL: label postgresql).
add_executable(kefu_cluster_cli_tests cluster_cli_test.cpp)
kefu_test_program(kefu_cluster_cli_tests)
target_link_libraries(kefu_cluster_cli_tests PRIVATE kefu_store_test_support
                                                     kefu_cli)
kefu_add_cluster_test(kefu_cluster_cli_tests postgresql)

# Several real `kefu serve` nodes on one PostgreSQL: the elected desk with hot standbys, its
# failover after kill -9 and SIGSTOP, and exit 75 of a desk that woke up replaced.
add_library(kefu_cluster_node_support STATIC support/cluster_node.cpp)
target_include_directories(kefu_cluster_node_support PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_definitions(kefu_cluster_node_support PRIVATE KEFU_BIN="$<TARGET_FILE:kefu>")
add_dependencies(kefu_cluster_node_support kefu)
add_executable(kefu_cluster_serve_tests desk_failover_test.cpp desk_relay_test.cpp
                                        desk_relay_edge_test.cpp desk_announcement_test.cpp
                                        desk_relay_stream_test.cpp node_heartbeat_test.cpp)
kefu_test_program(kefu_cluster_serve_tests)
target_link_libraries(kefu_cluster_serve_tests PRIVATE kefu_cluster_node_support kefu_test_support
                                                       kefu_auth kefu_store_postgres kefu_net
                                                       kefu_nats_test_support)
kefu_add_cluster_test(kefu_cluster_serve_tests postgresql)

# kefu-cluster-test's invariant checker finds each violation it exists for (label postgresql).
add_executable(kefu_cluster_invariants_tests cluster_invariants_test.cpp
                                             bench/cluster_invariants.cpp)
kefu_test_program(kefu_cluster_invariants_tests)
target_link_libraries(kefu_cluster_invariants_tests PRIVATE kefu_cluster_test_support)
kefu_add_cluster_test(kefu_cluster_invariants_tests postgresql)

# The test client's upgrade deadline, which kefu-cluster-test's clients need to leave a frozen
# node (no server).
kefu_add_test(kefu_test_client_tests SOURCES test_client_deadline_test.cpp LIBS kefu_test_support)

# A standby's kept-alive connections to the desk on loopback sockets (no server).
kefu_add_test(kefu_desk_connection_pool_tests SOURCES desk_connection_pool_test.cpp LIBS kefu_net)
