# Tests of kefu_metrics (server/metrics, docs/metrics.md).
kefu_add_test(metrics_fixture_test SOURCES metrics_fixture_test.cpp LIBS kefu_metrics)
kefu_add_test(metrics_calendar_test SOURCES metrics_calendar_test.cpp LIBS kefu_metrics)
