# Security of what comes in (docs/security/input.md): the strict JSON parser and strict field
# types (unit), and through the real server repeated keys, wrong types and the visitor token's
# place (Sec-WebSocket-Protocol, never the URL).
kefu_add_test(kefu_strict_json_tests SOURCES strict_json_test.cpp LIBS kefu_json kefu_domain)
kefu_add_test(kefu_security_input_tests SOURCES security_input_test.cpp
              LIBS kefu_test_support OpenSSL::Crypto)
