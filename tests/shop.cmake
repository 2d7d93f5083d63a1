# The shop's integration and tag catalogue (server/shop) on both engines; their REST is in
# admin.cmake (kefu_shop_link_rest_tests, kefu_tag_catalogue_rest_tests).
kefu_add_test(kefu_shop_tests SOURCES shop_link_test.cpp
              LIBS kefu_shop kefu_store kefu_sql_test_support)
kefu_add_postgres_run(kefu_shop_tests)
