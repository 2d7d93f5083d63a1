# Care after purchase and automation rules (server/care, issue 23): the engine with a fake clock
# over its SQLite stores, and the rule JSON's refusals. REST and restarts: care_rest_test.cpp.
kefu_add_test(kefu_care_tests SOURCES care_engine_test.cpp care_rule_json_test.cpp
              care_time_travel_test.cpp
              LIBS kefu_care kefu_customers)
# The admin rule endpoints and care tasks through the real `kefu serve`, with restarts.
kefu_add_test(kefu_care_rest_tests SOURCES care_rest_test.cpp LIBS kefu_test_support)
# The desk's part of a rule's actions (ContactCentre::resolve_by_rule).
kefu_add_test(kefu_care_desk_tests SOURCES care_desk_test.cpp LIBS kefu_domain)
