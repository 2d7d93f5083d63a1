# The admin console's staff domain (server/admin): password policy, one-time links, the staff
# directory. REST and live-desk behaviour are in admin_staff_rest_test.cpp.
kefu_add_test(kefu_admin_tests SOURCES admin_password_policy_test.cpp admin_desk_test.cpp
              admin_queue_desk_test.cpp admin_hours_test.cpp admin_sla_clock_test.cpp
              LIBS kefu_admin kefu_domain kefu_store_test_support)
# The desk's side of staff changes ([desk]) runs on PostgreSQL too.
kefu_add_postgres_run(kefu_admin_tests "[desk]")
# The admin's and the configuration's stores on the neutral SQL layer, on both engines: staff,
# one-time links, the routing setup (teams, queues, hours, SLA policies) and the audit log.
kefu_add_test(kefu_admin_store_tests SOURCES admin_staff_links_test.cpp
              admin_staff_directory_test.cpp admin_routing_store_test.cpp admin_audit_log_test.cpp
              admin_schema_test.cpp
              LIBS kefu_admin kefu_sql_test_support)
kefu_add_postgres_run(kefu_admin_store_tests "~[sqlite_only]")
# The staff endpoints and the first-run setup through the real `kefu serve`.
kefu_add_test(kefu_admin_rest_tests SOURCES admin_staff_rest_test.cpp admin_setup_rest_test.cpp
              LIBS kefu_test_support)
kefu_add_test(kefu_admin_routing_rest_tests SOURCES admin_routing_rest_test.cpp
              LIBS kefu_test_support)
# The configuration's store (an import in one transaction over every module's store), on both
# engines: SqliteConfigStore opens its connection by location.
kefu_add_test(kefu_config_store_tests SOURCES config_store_test.cpp
              LIBS kefu_config kefu_back_office kefu_sql_test_support)
kefu_add_postgres_run(kefu_config_store_tests)
# Configuration as code (kefu config export|import, /api/admin/config) through the real binary.
kefu_add_test(kefu_config_rest_tests SOURCES config_rest_test.cpp LIBS kefu_test_support)
# Retention of message text (/api/admin/retention and the daily job) through the real binary.
kefu_add_test(kefu_retention_rest_tests SOURCES retention_rest_test.cpp LIBS kefu_test_support)
# The queues' SLA policies read back from every judge of time, and routing closed outside hours.
kefu_add_test(kefu_admin_sla_rest_tests SOURCES admin_sla_rest_test.cpp LIBS kefu_test_support)
# The shop's integration (/api/admin/shop: secrets, origins, test order) through the real binary.
kefu_add_test(kefu_shop_link_rest_tests SOURCES shop_link_rest_test.cpp
              LIBS kefu_test_support kefu_customers)
# The tag catalogue (/api/tags, /api/admin/tags, its check on customers' tags) and the shop's
# integration in kefu config export|import, through the real binary.
kefu_add_test(kefu_tag_catalogue_rest_tests SOURCES tag_catalogue_rest_test.cpp
              LIBS kefu_test_support)
