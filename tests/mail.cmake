# The e-mail channel (issue 25). Real servers on loopback: aiosmtpd (python3-aiosmtpd) and
# Dovecot (dovecot-imapd), started by the tests (tests/support/mail_servers.hpp).
add_library(kefu_mail_test_support STATIC support/mail_servers.cpp)
target_include_directories(kefu_mail_test_support PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_definitions(kefu_mail_test_support PRIVATE KEFU_BIN="$<TARGET_FILE:kefu>"
                                                          KEFU_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(kefu_mail_test_support PUBLIC SQLiteCpp)
add_dependencies(kefu_mail_test_support kefu)

kefu_add_test(kefu_mail_inbound_tests SOURCES mail_inbound_test.cpp
              LIBS kefu_test_support kefu_mail_test_support)
kefu_add_test(kefu_mail_outbound_tests SOURCES mail_outbound_test.cpp
              LIBS kefu_test_support kefu_mail_test_support)
kefu_add_test(kefu_mail_imap_tests SOURCES mail_imap_test.cpp
              LIBS kefu_test_support kefu_mail_test_support)
kefu_add_test(kefu_mail_channel_tests SOURCES mail_channel_test.cpp
              LIBS kefu_test_support kefu_mail_test_support)
kefu_add_test(kefu_mail_attachments_tests SOURCES mail_attachments_test.cpp
              LIBS kefu_test_support kefu_mail_test_support)

# Benchmark (a plain program, not a test): inbound mail read and stored per second against
# reading only (scripts/mail-bench runs it and merges its mail_* fields into bench-results.json).
add_executable(mail_inbound_bench bench/mail_inbound_bench.cpp)
target_include_directories(mail_inbound_bench PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(mail_inbound_bench PRIVATE KEFU_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(mail_inbound_bench PRIVATE kefu_mail kefu_store kefu_workspace)

# The mail stores on the neutral SQL layer, and two mail workers sharing one database (issue 19),
# on SQLite and again on PostgreSQL (label postgresql).
kefu_add_test(kefu_mail_store_tests SOURCES mail_store_test.cpp mail_cluster_test.cpp
              LIBS kefu_mail kefu_store kefu_sql_test_support)
kefu_add_postgres_run(kefu_mail_store_tests)
# `kefu mail receive` on the SQLite file and on PostgreSQL (--store).
kefu_add_test(kefu_mail_receive_cli_tests SOURCES mail_receive_cli_test.cpp
              LIBS kefu_mail kefu_store kefu_sql_test_support)
target_compile_definitions(kefu_mail_receive_cli_tests PRIVATE KEFU_BIN="$<TARGET_FILE:kefu>")
add_dependencies(kefu_mail_receive_cli_tests kefu)
kefu_add_postgres_run(kefu_mail_receive_cli_tests)

# The mail module alone (reading, bad input, attachments, composing): no server, quick under ASan.
kefu_add_test(kefu_mail_reader_tests SOURCES mail_reader_test.cpp LIBS kefu_mail)
target_compile_definitions(kefu_mail_reader_tests PRIVATE KEFU_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
