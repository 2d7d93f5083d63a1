# Load generator, echo baseline, crash test and flood tests (docs/load-testing.md).
add_library(kefu_load_parts STATIC bench/load_socket.cpp bench/load_party.cpp
                                   bench/server_process.cpp)
target_include_directories(kefu_load_parts PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(kefu_load_parts PUBLIC kefu_asio)
# The parties opened on a real server (their widgets' tokens and consoles' cookies from it).
add_library(kefu_load_parties STATIC bench/load_parties.cpp)
target_link_libraries(kefu_load_parties PUBLIC kefu_load_parts kefu_test_support)

add_executable(kefu-echo-server bench/echo_server.cpp)
target_link_libraries(kefu-echo-server PRIVATE kefu_asio)

add_executable(kefu-load bench/kefu_load.cpp)
target_link_libraries(kefu-load PRIVATE kefu_load_parties kefu_test_support Boost::program_options
                                        Boost::json)
target_compile_definitions(kefu-load PRIVATE KEFU_BIN="$<TARGET_FILE:kefu>"
                                             ECHO_BIN="$<TARGET_FILE:kefu-echo-server>")
add_dependencies(kefu-load kefu kefu-echo-server)

add_executable(kefu-crash-test bench/crash_test.cpp)
target_link_libraries(kefu-crash-test PRIVATE kefu_load_parts kefu_test_support
                                              Boost::program_options Boost::json SQLiteCpp)
target_compile_definitions(kefu-crash-test PRIVATE KEFU_BIN="$<TARGET_FILE:kefu>")
add_dependencies(kefu-crash-test kefu)

kefu_add_test(kefu_load_tests SOURCES load_test.cpp LIBS kefu_test_support kefu_load_parts)

# The store writer's group commit (fast path without savepoints, fallback with them).
kefu_add_test(kefu_store_group_commit_tests SOURCES store_group_commit_test.cpp LIBS kefu_store)
# Retried client_ids recognised by the writer's ledger, held or written, across a crash.
kefu_add_test(kefu_store_client_id_ledger_tests SOURCES store_client_id_ledger_test.cpp
              LIBS kefu_store)

# The background WAL checkpointer and the schema step that made appends cheaper.
kefu_add_test(kefu_store_checkpoint_tests SOURCES store_checkpoint_test.cpp LIBS kefu_store)

# SQLite's process-wide options (its own program: they are set before SQLite's first use).
kefu_add_test(kefu_store_sqlite_library_tests SOURCES store_sqlite_library_test.cpp
              LIBS kefu_store)

# The store writer's VFS, which writes a commit's log frames together.
kefu_add_test(kefu_store_wal_vfs_tests SOURCES store_wal_vfs_test.cpp LIBS kefu_store)

# Several nodes under faults (issue 19, docs/deploying.md "The cluster test"): real PostgreSQL
# and nats-server, three `kefu serve` nodes, an invariant checker. scripts/cluster-test.
add_executable(kefu-cluster-test bench/cluster_test.cpp bench/cluster_nodes.cpp
                                 bench/chaos_customer.cpp bench/chaos_agent.cpp
                                 bench/cluster_invariants.cpp bench/postgres_outage.cpp
                                 bench/cluster_figures.cpp bench/relay_figures.cpp
                                 bench/failover_probe.cpp
                                 bench/fault_cycles.cpp)
target_link_libraries(kefu-cluster-test PRIVATE kefu_load_parties kefu_test_support
                                                kefu_store_test_support kefu_nats_test_support
                                                Boost::program_options Boost::json)
target_compile_definitions(kefu-cluster-test PRIVATE KEFU_BIN="$<TARGET_FILE:kefu>")
add_dependencies(kefu-cluster-test kefu)
