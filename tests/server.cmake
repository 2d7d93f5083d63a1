# Server: unit tests of store, auth and domain, and integration tests against the real
# `kefu serve` process with real WebSocket clients.
add_library(kefu_test_support STATIC support/test_server.cpp support/test_client.cpp
                                     support/shop_signature.cpp support/webhook_receiver.cpp
                                     support/floor_helpers.cpp
                                     support/postgres_server_databases.cpp)
target_include_directories(kefu_test_support PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_definitions(kefu_test_support PRIVATE KEFU_BIN="$<TARGET_FILE:kefu>"
                                                     KEFU_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(kefu_test_support PUBLIC kefu_asio Boost::json SQLiteCpp OpenSSL::Crypto
                                               kefu_sql_postgres kefu_store_test_support)
add_dependencies(kefu_test_support kefu)

kefu_add_test(kefu_store_tests SOURCES sqlite_store_test.cpp LIBS kefu_store)
kefu_add_test(kefu_auth_tests SOURCES password_hasher_test.cpp login_throttle_test.cpp
              secret_token_test.cpp LIBS kefu_auth)
kefu_add_test(kefu_domain_tests SOURCES command_decoder_test.cpp contact_centre_test.cpp
              switchboard_test.cpp LIBS kefu_domain kefu_store_test_support)
kefu_add_postgres_run(kefu_domain_tests)
# The layer under each WebSocket that sends a burst of frames in one write of the socket.
kefu_add_test(kefu_net_coalescing_tests SOURCES net_coalescing_stream_test.cpp LIBS kefu_asio)
# The store's completions handed to the desk strand many at a time.
kefu_add_test(kefu_net_desk_mailbox_tests SOURCES net_desk_mailbox_test.cpp LIBS kefu_net_routes)
kefu_add_test(kefu_server_tests SOURCES server_integration_test.cpp server_bad_input_test.cpp
              LIBS kefu_test_support)

add_executable(durable_relay_bench bench/durable_relay_bench.cpp)
target_link_libraries(durable_relay_bench PRIVATE kefu_test_support)
kefu_add_test(kefu_routing_integration_tests SOURCES routing_integration_test.cpp
              LIBS kefu_test_support)
kefu_add_test(kefu_back_office_tests SOURCES back_office_integration_test.cpp
              LIBS kefu_test_support OpenSSL::Crypto)
