# API keys for the shop's systems (docs/security/api-keys.md): the key store, request
# validation, rate limits and the event feed (unit), and the REST edge against the real
# `kefu serve` (scopes, refusals, origins, credentials).
kefu_add_test(kefu_api_keys_tests SOURCES api_keys_test.cpp
              LIBS kefu_integration kefu_store kefu_sql_test_support)
kefu_add_postgres_run(kefu_api_keys_tests "~[sqlite_only]")
kefu_add_test(kefu_api_keys_rest_tests SOURCES api_keys_rest_test.cpp
              LIBS kefu_test_support kefu_auth SQLiteCpp)
# Outbound webhooks (docs/webhooks.md): the pure parts (unit) and the delivery through the real
# `kefu serve` to a receiver in the test process.
kefu_add_test(kefu_webhooks_tests SOURCES webhooks_test.cpp
              LIBS kefu_webhooks kefu_store kefu_sql_test_support)
kefu_add_postgres_run(kefu_webhooks_tests)
kefu_add_test(kefu_webhooks_rest_tests SOURCES webhooks_rest_test.cpp
              LIBS kefu_test_support SQLiteCpp)
# docs/openapi.yaml against the real server: the YAML is turned to JSON at build time (Python's
# PyYAML), and a small schema checker (tests/support/openapi_check) reads it.
# Debian's Python with Debian's python3-yaml (scripts/install-deps), not a python3 earlier on the
# PATH. Without it the build stops: a conformance test that silently goes missing proves nothing.
set(kefu_python /usr/bin/python3)
execute_process(COMMAND ${kefu_python} -c "import yaml" RESULT_VARIABLE kefu_no_pyyaml
                OUTPUT_QUIET ERROR_QUIET)
if(NOT kefu_no_pyyaml EQUAL 0)
  message(FATAL_ERROR "/usr/bin/python3 with PyYAML (python3-yaml) is needed for the OpenAPI "
                      "conformance test: run scripts/install-deps")
endif()
set(kefu_openapi_json ${CMAKE_CURRENT_BINARY_DIR}/openapi.json)
add_custom_command(
  OUTPUT ${kefu_openapi_json}
  COMMAND ${kefu_python} ${CMAKE_CURRENT_SOURCE_DIR}/support/yaml_to_json.py
          ${PROJECT_SOURCE_DIR}/docs/openapi.yaml ${kefu_openapi_json}
  DEPENDS ${PROJECT_SOURCE_DIR}/docs/openapi.yaml ${CMAKE_CURRENT_SOURCE_DIR}/support/yaml_to_json.py
  COMMENT "docs/openapi.yaml to JSON" VERBATIM)
add_custom_target(kefu_openapi_json DEPENDS ${kefu_openapi_json})
kefu_add_test(kefu_openapi_tests SOURCES openapi_conformance_test.cpp support/openapi_check.cpp
              LIBS kefu_test_support Boost::json)
add_dependencies(kefu_openapi_tests kefu_openapi_json)
target_compile_definitions(kefu_openapi_tests PRIVATE KEFU_OPENAPI_JSON="${kefu_openapi_json}")
