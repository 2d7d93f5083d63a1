# The store's backends. StoreBackend and LocalPostgres (tests/support) give a store-level test
# a fresh database on the backend KEFU_TEST_STORE names; kefu_add_postgres_run registers a
# binary's cases again on PostgreSQL (label `postgresql`).
add_library(kefu_store_test_support STATIC support/local_postgres.cpp support/store_backend.cpp)
target_include_directories(kefu_store_test_support PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_definitions(kefu_store_test_support
                           PRIVATE KEFU_LOCAL_POSTGRES="${PROJECT_SOURCE_DIR}/scripts/local-postgres")
target_link_libraries(kefu_store_test_support PUBLIC kefu_store kefu_store_postgres SQLiteCpp)

# The Store's contract, on SQLite and again on PostgreSQL.
kefu_add_test(kefu_store_backend_tests SOURCES store_backend_test.cpp
              LIBS kefu_store_test_support)
kefu_add_postgres_run(kefu_store_backend_tests)

# PostgreSQL only: migrations (and their parity with SQLite's schema), several nodes on one
# database, a writer's lost connection.
add_executable(kefu_store_postgres_tests store_postgres_test.cpp)
kefu_test_program(kefu_store_postgres_tests)
target_link_libraries(kefu_store_postgres_tests PRIVATE kefu_store_test_support
                                                        kefu_back_office)
kefu_add_postgres_run(kefu_store_postgres_tests)

# `kefu migrate --store postgresql://...` and `kefu serve --store`'s refusals.
add_executable(kefu_store_postgres_cli_tests store_postgres_cli_test.cpp)
kefu_test_program(kefu_store_postgres_cli_tests)
target_link_libraries(kefu_store_postgres_cli_tests PRIVATE kefu_store_test_support
                                                            kefu_cli)
kefu_add_postgres_run(kefu_store_postgres_cli_tests)

# The real `kefu serve --store postgresql://...` on one node: a conversation, a restart, no
# SQLite file.
add_executable(kefu_store_postgres_serve_tests store_postgres_serve_test.cpp)
target_link_libraries(kefu_store_postgres_serve_tests PRIVATE kefu_catch_main kefu_store_test_support
                                                              kefu_test_support kefu_auth)
kefu_add_postgres_run(kefu_store_postgres_serve_tests)

# SQLite's and PostgreSQL's group commit side by side (not a test: run it by hand).
add_executable(store_group_commit_bench bench/store_group_commit_bench.cpp)
target_link_libraries(store_group_commit_bench PRIVATE kefu_store_test_support)

# The desk's reads of customers' segments for routing, on SQLite and again on PostgreSQL.
kefu_add_test(kefu_customer_segments_tests SOURCES customer_segments_test.cpp
              LIBS kefu_net_routes kefu_sql_test_support)
kefu_add_postgres_run(kefu_customer_segments_tests)
