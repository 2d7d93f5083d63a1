# The interaction log's readers (server/store/sql/event_log_reader.hpp) and the parts that open
# their own connection by location (BackOffice, WebhookDispatcher): on SQLite, and again on
# PostgreSQL (label `postgresql`), where the cases tagged [postgresql_only] run as well.
add_executable(kefu_event_log_tests event_log_test.cpp)
kefu_test_program(kefu_event_log_tests)
target_link_libraries(kefu_event_log_tests PRIVATE kefu_back_office kefu_webhooks
                                                   kefu_integration kefu_store kefu_sql_test_support)
target_include_directories(kefu_event_log_tests PRIVATE ${PROJECT_SOURCE_DIR})
catch_discover_tests(kefu_event_log_tests TEST_PREFIX "kefu_event_log_tests: " DISCOVERY_TIMEOUT 30
                     TEST_SPEC "~[postgresql_only]"
                     PROPERTIES ENVIRONMENT "KEFU_BINARY_DIR=${PROJECT_BINARY_DIR}")
kefu_add_postgres_run(kefu_event_log_tests)
