# Knowledge base (issue 5): tokenizer, query building, articles, search, evaluation.
kefu_add_test(kb_tokenizer_test SOURCES kb_tokenizer_test.cpp LIBS kefu_kb)
