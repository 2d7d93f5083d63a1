# The neutral SQL layer (server/store/sql): on SQLite, and again on PostgreSQL.
add_library(kefu_sql_test_support STATIC support/sql_backend.cpp)
target_include_directories(kefu_sql_test_support PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(kefu_sql_test_support PUBLIC kefu_sql_postgres kefu_store_test_support)
kefu_add_test(kefu_sql_tests SOURCES sql_layer_test.cpp LIBS kefu_sql_test_support)
kefu_add_postgres_run(kefu_sql_tests)
