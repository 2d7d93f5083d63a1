# Issue #18, erasure and order webhooks: complete, final erasure and replay-proof webhooks,
# through the real server (docs/security/erasure.md).
kefu_add_test(security_erasure_test SOURCES security_erasure_test.cpp
              LIBS kefu_test_support OpenSSL::Crypto)
kefu_add_test(security_webhook_replay_test SOURCES security_webhook_replay_test.cpp
              LIBS kefu_test_support OpenSSL::Crypto)
kefu_add_test(security_order_versions_test SOURCES security_order_versions_test.cpp
              LIBS kefu_customers kefu_sql_test_support)
kefu_add_postgres_run(security_order_versions_test)
