# The agent's workspace over REST: transcripts of past conversations.
kefu_add_test(workspace_test SOURCES workspace_transcript_test.cpp LIBS kefu_test_support SQLiteCpp Boost::json)
# Issue 20: a shared browser's second shop customer, and the colleagues an agent transfers to.
kefu_add_test(workspace_desk_test SOURCES widget_shared_browser_test.cpp agents_route_test.cpp
              ticket_reply_address_test.cpp
              LIBS kefu_test_support SQLiteCpp Boost::json OpenSSL::Crypto)
# Issue 20: the inbox views and private notes with mentions.
kefu_add_test(workspace_inbox_test SOURCES workspace_inbox_test.cpp workspace_notes_test.cpp
              LIBS kefu_test_support SQLiteCpp Boost::json)
# Issue 20: canned replies kept on the server.
kefu_add_test(workspace_canned_test SOURCES workspace_canned_replies_test.cpp
              LIBS kefu_test_support kefu_workspace SQLiteCpp Boost::json)
# Issue 20: attachments from customers and staff.
kefu_add_test(workspace_attachments_test SOURCES workspace_attachments_test.cpp
              LIBS kefu_test_support SQLiteCpp Boost::json)
# Issue 20: the widget reads a suggested article in full; the agent sees what the customer tried.
kefu_add_test(workspace_knowledge_test SOURCES workspace_kb_reading_test.cpp workspace_kb_trail_test.cpp
              LIBS kefu_test_support kefu_net_routes SQLiteCpp Boost::json)
# Issue 20: picking a waiting conversation up from the Unassigned view.
kefu_add_test(workspace_pick_up_test SOURCES workspace_pick_up_test.cpp
              LIBS kefu_test_support SQLiteCpp Boost::json)
# Issue 19: the workspace's stores on the neutral SQL layer, on SQLite and again on PostgreSQL
# (inbox views, notes, canned replies, attachments' rows and bytes, transcripts).
kefu_add_test(workspace_stores_test SOURCES workspace_stores_test.cpp
              workspace_attachment_files_test.cpp
              LIBS kefu_workspace kefu_customers kefu_store kefu_sql_test_support)
kefu_add_postgres_run(workspace_stores_test)
