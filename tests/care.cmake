# Care after purchase and automation rules (server/care, issue 23): the engine with a fake clock
# over its stores, and the rule JSON's refusals, on SQLite and again on PostgreSQL. REST and
# restarts: care_rest_test.cpp.
kefu_add_test(kefu_care_tests SOURCES care_engine_test.cpp care_rule_json_test.cpp
              care_time_travel_test.cpp care_service_rules_test.cpp
              care_outcomes_test.cpp care_claim_test.cpp care_email_test.cpp
              care_rule_tags_test.cpp
              LIBS kefu_care kefu_customers kefu_webhooks kefu_admin kefu_sql_test_support)
kefu_add_postgres_run(kefu_care_tests)
# The admin rule endpoints and care tasks through the real `kefu serve`, with restarts.
kefu_add_test(kefu_care_rest_tests SOURCES care_rest_test.cpp LIBS kefu_test_support)
# The desk's part of a rule's actions (ContactCentre::resolve_by_rule).
kefu_add_test(kefu_care_desk_tests SOURCES care_desk_test.cpp LIBS kefu_domain kefu_store_test_support)
kefu_add_postgres_run(kefu_care_desk_tests)
# Exactly once under kill -9: thousands of jobs due at once, the server killed mid-way
# (short form; scripts/care-crash runs the long one).
# On PostgreSQL (label postgresql): two care nodes (tests/support/care_turner) killed together
# again and again while the jobs fall due.
add_executable(care_turner support/care_turner.cpp)
target_link_libraries(care_turner PRIVATE kefu_care)
target_include_directories(care_turner PRIVATE ${PROJECT_SOURCE_DIR})
kefu_add_test(kefu_care_crash_tests SOURCES care_crash_test.cpp
              LIBS kefu_test_support kefu_care kefu_sql_test_support)
target_compile_definitions(kefu_care_crash_tests PRIVATE KEFU_CARE_TURNER="$<TARGET_FILE:care_turner>")
add_dependencies(kefu_care_crash_tests care_turner)
kefu_add_postgres_run(kefu_care_crash_tests "[pgcrash]")
# Benchmark: a plain program, not a test (scripts/care-bench runs it and records care_* fields).
add_executable(care_bench bench/care_bench.cpp)
target_link_libraries(care_bench PRIVATE kefu_care kefu_customers)
target_include_directories(care_bench PRIVATE ${PROJECT_SOURCE_DIR})
# A rule's e-mail through the real `kefu serve` and a real SMTP server, across restarts.
kefu_add_test(kefu_care_email_rest_tests SOURCES care_email_rest_test.cpp
              LIBS kefu_test_support kefu_mail_test_support)
