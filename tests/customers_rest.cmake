# Widget claims, merge suggestions and un-merging through the real server (REST).
kefu_add_test(customers_rest_test SOURCES customers_rest_test.cpp
              LIBS kefu_test_support OpenSSL::Crypto)
