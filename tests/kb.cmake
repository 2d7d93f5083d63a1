# Knowledge base (issue 5): tokenizer, query building, articles, search, evaluation.
set(kefu_kb_tests tokenizer csv articles search spelling confidence import eval markdown rerank
    classifier recent_searches prepare word_spread prepared_articles meaning chinese learned question_words number_reading)
foreach(unit ${kefu_kb_tests})
  # The evaluations search thousands of questions: Banking77 takes about a minute of CPU, and
  # ran past ctest's 300 s beside the rest of the suite on a loaded 2-core machine.
  set(timeout)
  if(unit STREQUAL "eval")
    set(timeout TIMEOUT 1200)
  endif()
  kefu_add_test(kb_${unit}_test SOURCES kb_${unit}_test.cpp LIBS kefu_kb Boost::json ${timeout})
  target_compile_definitions(kb_${unit}_test PRIVATE KEFU_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endforeach()
# These read the word vectors the build derives.
add_dependencies(kb_eval_test kefu_word_vectors)
add_dependencies(kb_meaning_test kefu_word_vectors)

# Search latency and index build rate on generated articles: a program, not a test.
add_executable(kb_search_bench bench/kb_search_bench.cpp)
target_link_libraries(kb_search_bench PRIVATE kefu_kb)
target_include_directories(kb_search_bench PRIVATE ${PROJECT_SOURCE_DIR})

# The admins' article REST against the real server.
kefu_add_test(kb_rest_test SOURCES kb_rest_test.cpp LIBS kefu_test_support SQLiteCpp Boost::json)

# The admins' synonym REST (issue #26) against the real server.
kefu_add_test(kb_synonyms_rest_test SOURCES kb_synonyms_rest_test.cpp
              LIBS kefu_test_support SQLiteCpp Boost::json Boost::url)

# Learned questions through the server (issue #26): evidence from inserts and "helped", admin REST.
kefu_add_test(kb_learned_rest_test SOURCES kb_learned_rest_test.cpp
              LIBS kefu_test_support SQLiteCpp Boost::json Boost::url)

# The knowledge base's truth behind KnowledgeStore and a search built from it, with two nodes on
# one database (issue 19): on SQLite, and again on PostgreSQL.
kefu_add_test(kb_store_test SOURCES kb_store_test.cpp LIBS kefu_kb kefu_sql_test_support)
kefu_add_postgres_run(kb_store_test)
