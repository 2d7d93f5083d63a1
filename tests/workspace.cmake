# The agent's workspace over REST: transcripts of past conversations.
kefu_add_test(workspace_test SOURCES workspace_transcript_test.cpp LIBS kefu_test_support SQLiteCpp Boost::json)
