# Tests of the customer library (server/customers): identities, merges, orders, segments,
# the customer view, search, erasure and the demo loader.
kefu_add_test(customers_test
  SOURCES customers_claim_test.cpp customers_erasure_test.cpp customers_identity_test.cpp customers_import_test.cpp customers_merge_test.cpp customers_order_test.cpp customers_schema_test.cpp customers_search_test.cpp customers_widget_test.cpp
  LIBS kefu_customers kefu_sql_test_support)
# Again on PostgreSQL, but for the SQLite schema's own test (PostgreSQL's is a migration step).
kefu_add_postgres_run(customers_test "~[sqlite_only]")

# Benchmark (a plain program, not a test): customer view latency and CSV import rate.
add_executable(customer_view_bench bench/customer_view_bench.cpp)
target_include_directories(customer_view_bench PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(customer_view_bench PRIVATE kefu_customers kefu_store)
