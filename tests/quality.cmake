# CSAT survey, automatic quality score at resolution and supervisor reviews through the real
# server (docs/protocol.md "CSAT survey" and "Quality"; docs/metrics.md "Quality").
kefu_add_test(kefu_quality_tests SOURCES quality_integration_test.cpp quality_settings_test.cpp
              LIBS kefu_test_support kefu_metrics)
kefu_add_test(kefu_rate_command_tests SOURCES rate_command_test.cpp LIBS kefu_domain)
kefu_add_test(kefu_quality_desk_tests SOURCES quality_desk_test.cpp
              LIBS kefu_back_office kefu_store kefu_sql_test_support)
kefu_add_postgres_run(kefu_quality_desk_tests)
