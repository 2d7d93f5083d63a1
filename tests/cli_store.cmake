# `kefu demo --store` and `kefu user add --store` on PostgreSQL, beside a SQLite file for
# comparison (PostgreSQL only: label `postgresql`).
add_executable(kefu_cli_store_tests cli_store_test.cpp)
target_link_libraries(kefu_cli_store_tests PRIVATE kefu_catch_main kefu_store_test_support kefu_cli)
kefu_add_postgres_run(kefu_cli_store_tests)
