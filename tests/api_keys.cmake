# API keys for the shop's systems (docs/security/api-keys.md): the key store, request
# validation, rate limits and the event feed (unit), and the REST edge against the real
# `kefu serve` (scopes, refusals, origins, credentials).
kefu_add_test(kefu_api_keys_tests SOURCES api_keys_test.cpp LIBS kefu_integration kefu_store)
kefu_add_test(kefu_api_keys_rest_tests SOURCES api_keys_rest_test.cpp
              LIBS kefu_test_support kefu_auth SQLiteCpp)
# Outbound webhooks (docs/webhooks.md): the pure parts (unit) and the delivery through the real
# `kefu serve` to a receiver in the test process.
kefu_add_test(kefu_webhooks_tests SOURCES webhooks_test.cpp LIBS kefu_webhooks kefu_store)
kefu_add_test(kefu_webhooks_rest_tests SOURCES webhooks_rest_test.cpp
              LIBS kefu_test_support SQLiteCpp)
