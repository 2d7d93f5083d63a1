# Supervision: monitor, whisper and take over, on the desk (no sockets) and through the real server.
kefu_add_test(kefu_supervision_tests SOURCES supervision_test.cpp
              LIBS kefu_domain kefu_store_test_support)
kefu_add_postgres_run(kefu_supervision_tests)
kefu_add_test(kefu_supervision_integration_tests SOURCES supervision_integration_test.cpp
              LIBS kefu_test_support)
# The floor: agents' status, load and capacity in the kpi frame; supervisors set an agent's status.
kefu_add_test(kefu_supervisor_floor_tests SOURCES supervisor_floor_test.cpp LIBS kefu_test_support)
# The per-conversation CSV export against a log worked out by hand.
kefu_add_test(kefu_conversation_report_tests SOURCES conversation_report_test.cpp
              LIBS kefu_back_office kefu_store)
# The conversations behind each KPI figure (GET /api/reports/figure) through the real server.
kefu_add_test(kefu_supervisor_figures_tests SOURCES supervisor_figures_test.cpp
              LIBS kefu_test_support)
# Moving a queue's waiting chats, and agents told of a supervisor's reassignments.
kefu_add_test(kefu_supervisor_floor_moves_tests SOURCES supervisor_floor_moves_test.cpp
              LIBS kefu_test_support)
# Alerts on the live figures and the conversations at risk, through the real server.
kefu_add_test(kefu_supervisor_alerts_tests SOURCES supervisor_alerts_test.cpp
              LIBS kefu_test_support)
# A conversation's priority: decided, set by a supervisor or a rule, stored, and the key of its
# SLA policy; on the desk (both engines) and through the real server.
kefu_add_test(kefu_conversation_priority_tests SOURCES conversation_priority_test.cpp
              LIBS kefu_domain kefu_store_test_support)
kefu_add_postgres_run(kefu_conversation_priority_tests)
kefu_add_test(kefu_priority_integration_tests SOURCES priority_integration_test.cpp
              LIBS kefu_test_support)
