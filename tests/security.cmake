# The edge's defences (docs/security/edge.md): request framing, the two origin allow-lists and
# cross-site writes, the /metrics token, response headers; against the real `kefu serve`.
kefu_add_test(kefu_security_edge_tests SOURCES security_edge_test.cpp security_origin_test.cpp
              LIBS kefu_test_support kefu_auth SQLiteCpp)

# Security limits (issue 18, docs/security/limits.md): budgets per person and per address,
# the staff login queue, and who may log side effects of the knowledge base.
kefu_add_test(kefu_security_unit_tests SOURCES rate_budget_test.cpp login_queue_test.cpp
              LIBS kefu_auth)

add_library(kefu_loopback_clients STATIC support/loopback_clients.cpp)
target_link_libraries(kefu_loopback_clients PUBLIC kefu_test_support)

kefu_add_test(kefu_security_limits_tests SOURCES security_limits_test.cpp
              LIBS kefu_loopback_clients SQLiteCpp Boost::json)
kefu_add_test(kefu_security_login_tests SOURCES security_login_test.cpp
              LIBS kefu_loopback_clients SQLiteCpp Boost::json)
kefu_add_test(kefu_security_kb_tests SOURCES security_kb_test.cpp
              LIBS kefu_loopback_clients SQLiteCpp Boost::json)
