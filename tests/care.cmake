# Care after purchase and automation rules (server/care, issue 23): the engine with a fake clock
# over its SQLite stores, and the rule JSON's refusals. REST and restarts: care_rest_test.cpp.
kefu_add_test(kefu_care_tests SOURCES care_engine_test.cpp care_rule_json_test.cpp
              care_time_travel_test.cpp care_service_rules_test.cpp
              care_outcomes_test.cpp
              LIBS kefu_care kefu_customers kefu_webhooks kefu_admin)
# The admin rule endpoints and care tasks through the real `kefu serve`, with restarts.
kefu_add_test(kefu_care_rest_tests SOURCES care_rest_test.cpp LIBS kefu_test_support)
# The desk's part of a rule's actions (ContactCentre::resolve_by_rule).
kefu_add_test(kefu_care_desk_tests SOURCES care_desk_test.cpp LIBS kefu_domain kefu_store_test_support)
kefu_add_postgres_run(kefu_care_desk_tests)
# Exactly once under kill -9: thousands of jobs due at once, the server killed mid-way
# (short form; scripts/care-crash runs the long one).
kefu_add_test(kefu_care_crash_tests SOURCES care_crash_test.cpp LIBS kefu_test_support kefu_care)
# Benchmark: a plain program, not a test (scripts/care-bench runs it and records care_* fields).
add_executable(care_bench bench/care_bench.cpp)
target_link_libraries(care_bench PRIVATE kefu_care kefu_customers)
target_include_directories(care_bench PRIVATE ${PROJECT_SOURCE_DIR})
