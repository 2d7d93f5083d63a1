# The integration tests (the real `kefu serve` through tests/support/test_server) run a second
# time with every TestServer on PostgreSQL: KEFU_TEST_STORE=postgresql, a throw-away PostgreSQL
# per test process, each server on a database of its own copied from a demo template
# (tests/support/postgres_server_databases.hpp). Labels `postgresql` (with the stores' tests)
# and `postgresql_integration` (these alone). Cases that test SQLite itself are tagged
# [sqlite_only] and left out.
#
# One ctest test per binary (all its cases in one process), not one per case as for the stores'
# tests: the throw-away PostgreSQL and the demo template are then made once per binary instead
# of once per case, which was half of this run's time. A failure names the binary; Catch's
# output names the case.
#
# KEFU_POSTGRES_INTEGRATION picks the set: `core` (the default, run by scripts/test) covers
# each module's REST routes and the sockets; `all` adds every other integration binary that
# passes on PostgreSQL; `off` registers none. docs/architecture.md ("Integration tests on
# PostgreSQL") lists them, those still on SQLite alone and why, and what each set costs.
# Included by tests/CMakeLists.txt after every area's file, so that the targets exist.
set(KEFU_POSTGRES_INTEGRATION "core" CACHE STRING
    "integration tests run again on PostgreSQL: core, all or off")
set_property(CACHE KEFU_POSTGRES_INTEGRATION PROPERTY STRINGS core all off)

# Each module's REST and socket paths once.
set(kefu_postgres_integration_core
    kefu_server_tests                   # sockets: chat, ack, retries, reconnect, restart, tickets
    kefu_routing_integration_tests      # routing under load; kefu user add --store
    kefu_security_edge_tests            # the HTTP edge, origins, /metrics
    kefu_security_input_tests           # bad input on REST and sockets
    kefu_admin_rest_tests               # staff directory, first admin's setup
    kefu_admin_routing_rest_tests       # teams, queues, hours, SLA
    kefu_api_keys_rest_tests            # API keys and the event feed
    kefu_webhooks_rest_tests            # the webhook dispatcher on its own thread
    kefu_shop_link_rest_tests           # the shop's secrets (the mail key file) and origins
    customers_rest_test                 # customers, claims, merges
    kefu_care_rest_tests                # care rules, jobs and tasks, restarts
    kb_rest_test                        # the knowledge base's in-memory index on PostgreSQL
    kefu_quality_tests                  # quality scores and surveys
    kefu_supervisor_figures_tests       # the supervisor's live figures and KPI rollups
    kefu_supervision_integration_tests  # monitor, whisper, take-over
    kefu_back_office_tests              # the back office's strand on its own thread
    workspace_inbox_test                # inbox views and notes
    workspace_attachments_test)         # attachments' bytes in PostgreSQL

# Everything else that passes on PostgreSQL.
set(kefu_postgres_integration_more
    kefu_admin_sla_rest_tests
    kefu_retention_rest_tests
    kefu_tag_catalogue_rest_tests
    kefu_openapi_tests
    kefu_care_email_rest_tests
    kb_synonyms_rest_test
    kb_learned_rest_test
    kefu_security_limits_tests
    kefu_security_login_tests
    kefu_security_kb_tests
    security_webhook_replay_test
    kefu_supervisor_floor_tests
    kefu_supervisor_floor_moves_tests
    kefu_supervisor_alerts_tests
    kefu_priority_integration_tests
    workspace_test
    workspace_desk_test
    workspace_canned_test
    workspace_knowledge_test
    workspace_pick_up_test)

function(kefu_add_postgres_integration_run name)
  add_test(NAME "${name} [postgresql]" COMMAND ${name} "~[sqlite_only]")
  set_tests_properties(
    "${name} [postgresql]"
    PROPERTIES ENVIRONMENT "KEFU_TEST_STORE=postgresql;KEFU_BINARY_DIR=${PROJECT_BINARY_DIR}"
               LABELS "postgresql;postgresql_integration" TIMEOUT 300)
endfunction()

set(kefu_postgres_integration_runs)
if(KEFU_POSTGRES_INTEGRATION STREQUAL "core" OR KEFU_POSTGRES_INTEGRATION STREQUAL "all")
  list(APPEND kefu_postgres_integration_runs ${kefu_postgres_integration_core})
endif()
if(KEFU_POSTGRES_INTEGRATION STREQUAL "all")
  list(APPEND kefu_postgres_integration_runs ${kefu_postgres_integration_more})
endif()
foreach(binary ${kefu_postgres_integration_runs})
  kefu_add_postgres_integration_run(${binary})
endforeach()
