# The edge's defences (docs/security/edge.md): request framing, the two origin allow-lists and
# cross-site writes, the /metrics token, response headers; against the real `kefu serve`.
kefu_add_test(kefu_security_edge_tests SOURCES security_edge_test.cpp security_origin_test.cpp
              LIBS kefu_test_support kefu_auth SQLiteCpp)
