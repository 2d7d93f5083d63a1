# Tests of kefu_metrics (server/metrics, docs/metrics.md); those that keep figures in a database
# run again on PostgreSQL.
kefu_add_test(metrics_fixture_test SOURCES metrics_fixture_test.cpp LIBS kefu_metrics kefu_sql_test_support)
kefu_add_postgres_run(metrics_fixture_test)
kefu_add_test(metrics_figure_test SOURCES metrics_figure_test.cpp LIBS kefu_metrics kefu_sql_test_support)
kefu_add_postgres_run(metrics_figure_test)
kefu_add_test(metrics_series_test SOURCES metrics_series_test.cpp LIBS kefu_metrics kefu_sql_test_support)
kefu_add_postgres_run(metrics_series_test)
kefu_add_test(metrics_alert_test SOURCES metrics_alert_test.cpp LIBS kefu_metrics)
kefu_add_test(metrics_calendar_test SOURCES metrics_calendar_test.cpp LIBS kefu_metrics Threads::Threads)
kefu_add_test(metrics_quality_test SOURCES metrics_quality_test.cpp LIBS kefu_metrics kefu_sql_test_support)
kefu_add_postgres_run(metrics_quality_test)
kefu_add_test(metrics_prometheus_test SOURCES metrics_prometheus_test.cpp LIBS kefu_metrics)
kefu_add_test(metrics_outcomes_test SOURCES metrics_outcomes_test.cpp LIBS kefu_metrics kefu_sql_test_support)
kefu_add_postgres_run(metrics_outcomes_test)
kefu_add_test(metrics_event_row_test SOURCES metrics_event_row_test.cpp LIBS kefu_metrics kefu_sql_test_support)
kefu_add_postgres_run(metrics_event_row_test)

# Benchmark (a plain program, not a test): build and run metrics_report_bench.
add_executable(metrics_report_bench bench/metrics_report_bench.cpp)
target_link_libraries(metrics_report_bench PRIVATE kefu_metrics)
target_include_directories(metrics_report_bench PRIVATE ${PROJECT_SOURCE_DIR})
