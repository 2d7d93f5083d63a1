#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

#include "server/customers/schema.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"
#include "server/workspace/conversation_transcript.hpp"
#include "server/workspace/errors.hpp"
#include "server/workspace/sqlite_attachment_store.hpp"
#include "server/workspace/sqlite_canned_replies.hpp"
#include "server/workspace/sqlite_conversation_notes.hpp"
#include "server/workspace/sqlite_inbox_views.hpp"
#include "tests/support/sql_backend.hpp"

// The workspace's stores (server/workspace) on the neutral SQL layer, run on SQLite and again
// on PostgreSQL (ctest -L postgresql): inbox views, notes and mentions, canned replies,
// attachments' rows and transcripts, each with its refusals (typed error, nothing changed).

namespace {

namespace json = boost::json;
using kefu::sql::Statement;
using kefu::testing::MigratedDatabase;
using namespace kefu::workspace;

// The store's tables and the customers module's (merges, erasures, tags, orders), with:
// Alice (1) and Bob (2) in team north, Carol (3) in south, Sam (4) a supervisor, Ivy (5)
// invited, Dan (6) deactivated; customers Ann (1), Bo (2, merged into Bo Li, 3), an erased
// customer (4); conversations 10 (Alice's), 11 (Bob's, Bo's), 12 (queued in general), 13
// (queued in vip), 14 (resolved, Alice had it), 15 (Carol's, the erased customer's).
struct Desk {
  MigratedDatabase db;

  Desk() {
    if (auto* sqlite = kefu::sql::as_sqlite(db.connection())) {
      kefu::customers::create_schema(sqlite->database());
    }
    db.exec(
        "INSERT INTO users(id, login, display_name, role, password_hash, created_at) VALUES "
        "(1, 'alice', 'Alice Chen', 'agent', 'x', 0), (2, 'bob', 'Bob Wu', 'agent', 'x', 0), "
        "(3, 'carol', 'Carol Li', 'agent', 'x', 0), (4, 'sam', 'Sam Ho', 'supervisor', 'x', 0), "
        "(5, 'ivy', 'Ivy Ng', 'agent', 'x', 0), (6, 'dan', 'Dan Xu', 'agent', 'x', 0)");
    db.exec("UPDATE users SET password_state = 'invited' WHERE id = 5");
    db.exec("UPDATE users SET deactivated_at = 5 WHERE id = 6");
    db.exec("INSERT INTO teams(id, name) VALUES (1, 'north'), (2, 'south')");
    db.exec("INSERT INTO user_teams(user_id, team_id) VALUES (1, 1), (2, 1), (3, 2)");
    db.exec(
        "INSERT INTO customers(id, display_name, created_at) VALUES (1, 'Ann', 0), (2, 'Bo', 0), "
        "(3, 'Bo Li', 0), (4, '', 0)");
    db.exec("UPDATE customers SET merged_into = 3 WHERE id = 2");
    db.exec("UPDATE customers SET erased_at = 9 WHERE id = 4");
    db.exec("INSERT INTO customer_tags(customer_id, tag, created_at) VALUES (3, 'vip', 0)");
    db.exec(
        "INSERT INTO conversations(id, customer_id, channel, status, queue, subject, agent_id, "
        "last_agent_id, created_at, queued_at, updated_at, resolved_at) VALUES "
        "(10, 1, 'chat', 'assigned', 'general', 'Tea order', 1, 1, 1, 1, 100, NULL), "
        "(11, 2, 'chat', 'assigned', 'general', 'Lost PARCEL', 2, 2, 2, 2, 200, NULL), "
        "(12, 3, 'ticket', 'queued', 'general', '', NULL, NULL, 3, 50, 50, NULL), "
        "(13, 1, 'chat', 'queued', 'vip', '', NULL, NULL, 4, 40, 40, NULL), "
        "(14, 1, 'chat', 'resolved', 'general', '', NULL, 1, 5, 5, 300, 300), "
        "(15, 4, 'chat', 'assigned', 'general', '', 3, 3, 6, 6, 150, NULL)");
    message(10, 1, "customer", 1, "Where is my tea?", 10);
    message(10, 2, "agent", 1, "On its way", 20);
    message(11, 1, "customer", 2, "Hello", 30);
    message(11, 2, "agent", 2, "Hi Bo", 40);
    message(11, 3, "customer", 2, "My parcel", 50);
  }

  void message(std::int64_t conversation, std::int64_t seq, const std::string& kind,
               std::int64_t author, const std::string& body, std::int64_t at) {
    Statement s(db,
                "INSERT INTO messages(conversation_id, seq, author_kind, author_id, client_id, "
                "body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, conversation).bind(2, seq).bind(3, kind).bind(4, author);
    s.bind(5, "c" + std::to_string(conversation) + "-" + std::to_string(seq));
    s.bind(6, body).bind(7, at);
    s.exec();
  }

  std::int64_t count(const std::string& table) {
    return db.integer("SELECT COUNT(*) FROM " + table);
  }
};

InboxQuery as_alice(InboxView view) {
  InboxQuery q;
  q.view = view;
  q.staff_id = 1;
  q.queues = {"general"};
  return q;
}

std::vector<std::int64_t> ids_of(const InboxPage& page) {
  std::vector<std::int64_t> ids;
  for (const auto& c : page.conversations) ids.push_back(c.as_object().at("id").as_int64());
  return ids;
}

}  // namespace

TEST_CASE("the inbox views list and count each view for the caller") {
  Desk desk;
  SqliteInboxViews inbox(desk.db);
  const auto mine = inbox.list(as_alice(InboxView::mine));
  CHECK(ids_of(mine) == std::vector<std::int64_t>{10});
  CHECK(mine.counts.at("mine") == 1);
  CHECK(mine.counts.at("unassigned") == 1);  // 12 only: Alice does not serve vip
  CHECK(mine.counts.at("team") == 2);        // hers and Bob's
  CHECK(mine.counts.at("resolved") == 1);
  CHECK(mine.counts.at("mentions") == 0);
  const auto& first = mine.conversations.at(0).as_object();
  CHECK(first.at("customer").at("name") == "Ann");
  CHECK(first.at("agent").at("name") == "Alice Chen");
  CHECK(first.at("last_message").at("text") == "On its way");
  CHECK(first.at("resolved_at").is_null());

  const auto team = inbox.list(as_alice(InboxView::team));
  CHECK(ids_of(team) == std::vector<std::int64_t>{11, 10});              // newest activity first
  CHECK(team.conversations.at(0).at("customer").at("name") == "Bo Li");  // the merge's holder

  auto supervisor = as_alice(InboxView::team);
  supervisor.staff_id = 4;
  supervisor.supervises = true;
  CHECK(ids_of(inbox.list(supervisor)) == std::vector<std::int64_t>{11, 15, 10});

  auto nobody_served = as_alice(InboxView::unassigned);
  nobody_served.queues.clear();
  CHECK(inbox.list(nobody_served).total == 0);

  auto page = as_alice(InboxView::team);
  page.limit = 1;
  const auto one = inbox.list(page);
  CHECK(ids_of(one) == std::vector<std::int64_t>{11});
  CHECK(one.more);
  CHECK(one.total == 2);
}

TEST_CASE("the inbox search matches subjects and messages without regard to ASCII case") {
  Desk desk;
  SqliteInboxViews inbox(desk.db);
  auto q = as_alice(InboxView::team);
  q.customers = std::set<std::int64_t>{};
  q.text = "parcel";
  CHECK(ids_of(inbox.list(q)) == std::vector<std::int64_t>{11});
  q.text = "TEA";
  CHECK(ids_of(inbox.list(q)) == std::vector<std::int64_t>{10});
  q.text = "%";  // a wildcard typed is a character searched for
  CHECK(inbox.list(q).total == 0);
  q.text = "";
  q.customers = std::set<std::int64_t>{1};
  CHECK(ids_of(inbox.list(q)) == std::vector<std::int64_t>{11, 10});  // "" matches every text

  auto tagged = as_alice(InboxView::team);
  tagged.tag = "vip";  // Bo Li's tag covers the conversations of Bo, merged into Bo Li
  CHECK(ids_of(inbox.list(tagged)) == std::vector<std::int64_t>{11});
  auto risky = as_alice(InboxView::team);
  risky.only_ids = std::set<std::int64_t>{};
  CHECK(inbox.list(risky).total == 0);
  risky.only_ids = std::set<std::int64_t>{10, 15};
  CHECK(ids_of(inbox.list(risky)) == std::vector<std::int64_t>{10});
}

TEST_CASE("the inbox views refuse a page out of range") {
  Desk desk;
  SqliteInboxViews inbox(desk.db);
  auto q = as_alice(InboxView::mine);
  q.limit = 0;
  CHECK_THROWS_AS(inbox.list(q), std::invalid_argument);
  q.limit = 101;
  CHECK_THROWS_AS(inbox.list(q), std::invalid_argument);
  q.limit = 50;
  q.offset = -1;
  CHECK_THROWS_AS(inbox.list(q), std::invalid_argument);
}

TEST_CASE("a note with a mention is stored once and fills the mentions view") {
  Desk desk;
  SqliteConversationNotes notes(desk.db);
  NewNote n{10, 1, "n-1", "Bob, the tea shipped late", {2}, 500};
  kefu::sql::Transaction t(desk.db, kefu::sql::Transaction::Mode::write);
  const auto stored = notes.add(n);
  t.commit();
  CHECK_FALSE(stored.replayed);
  CHECK(stored.note.at("author").at("name") == "Alice Chen");
  CHECK(stored.note.at("mentions").at(0).at("name") == "Bob Wu");
  CHECK(stored.note.at("client_id") == "n-1");

  n.text = "a retry with other text";
  const auto again = notes.add(n);
  CHECK(again.replayed);
  CHECK(again.note.at("id") == stored.note.at("id"));
  CHECK(again.note.at("text") == "Bob, the tea shipped late");
  CHECK(desk.count("conversation_notes") == 1);
  CHECK(desk.count("note_mentions") == 1);

  CHECK(notes.list(10).size() == 1);
  CHECK(notes.list(11).empty());
  CHECK(notes.takes_part(10, 1));
  CHECK(notes.takes_part(10, 2));
  CHECK_FALSE(notes.takes_part(10, 3));
  CHECK_FALSE(notes.takes_part(11, 2));

  SqliteInboxViews inbox(desk.db);
  auto bob = as_alice(InboxView::mentions);
  bob.staff_id = 2;
  CHECK(ids_of(inbox.list(bob)) == std::vector<std::int64_t>{10});

  const auto staff = notes.staff_of(14);
  REQUIRE(staff);
  CHECK(staff->status == "resolved");
  CHECK_FALSE(staff->agent_id);
  CHECK(staff->last_agent_id == 1);
  CHECK_FALSE(notes.staff_of(999));
}

TEST_CASE("a note mentioning somebody who is not active staff is refused and stores nothing") {
  Desk desk;
  SqliteConversationNotes notes(desk.db);
  for (std::int64_t nobody : {5, 6, 999}) {
    INFO("mentioned " << nobody);
    {
      kefu::sql::Transaction t(desk.db, kefu::sql::Transaction::Mode::write);
      CHECK_THROWS_AS(
          notes.add(NewNote{10, 1, "n-" + std::to_string(nobody), "hi", {2, nobody}, 1}),
          UnknownColleague);
    }
    CHECK(desk.count("conversation_notes") == 0);
    CHECK(desk.count("note_mentions") == 0);
  }
}

TEST_CASE("canned replies are seen by their owner, their team and everybody as shared") {
  Desk desk;
  SqliteCannedReplies canned(desk.db);
  const auto seeded = canned.visible_to(0, {}, true, "").size();
  CannedReply mine;
  mine.owner_id = 1;
  mine.locale = "en";
  mine.shortcut = "thx";
  mine.body = "Thank you, {customer.name}!";
  const auto stored = canned.add(mine, 1000);
  CHECK(stored.id > 0);
  CHECK(stored.created_at == 1000);
  CannedReply north;
  north.team = "north";
  north.locale = "en";
  north.shortcut = "ret";
  north.body = "Returns go to the north warehouse.";
  canned.add(north, 1001);

  auto shortcuts = [&](std::int64_t staff, std::vector<std::string> teams, bool all,
                       std::string locale) {
    std::set<std::string> out;
    for (const auto& r : canned.visible_to(staff, teams, all, locale)) {
      out.insert(r.shortcut + "/" + r.locale);
    }
    return out;
  };
  const auto alice = shortcuts(1, {"north"}, false, "en");
  CHECK(alice.count("thx/en") == 1);
  CHECK(alice.count("ret/en") == 1);
  CHECK(alice.count("hi/en") == 1);  // a seeded reply for everybody
  CHECK(alice.count("hi/zh") == 0);
  const auto carol = shortcuts(3, {"south"}, false, "");
  CHECK(carol.count("thx/en") == 0);
  CHECK(carol.count("ret/en") == 0);
  CHECK(carol.count("hi/zh") == 1);
  CHECK(shortcuts(4, {}, true, "en").count("ret/en") == 1);  // every shared reply
  CHECK(canned.visible_to(0, {}, true, "").size() == seeded + 1);

  auto changed = stored;
  changed.body = "Thanks!";
  changed.shortcut = "ty";
  const auto updated = canned.update(changed, 2000);
  CHECK(updated.body == "Thanks!");
  CHECK(updated.updated_at == 2000);
  CHECK(updated.created_at == 1000);
  canned.remove(updated.id);
  CHECK_FALSE(canned.find(updated.id));
}

TEST_CASE("a canned reply's shortcut taken in its scope is refused and nothing changes") {
  Desk desk;
  SqliteCannedReplies canned(desk.db);
  CannedReply r;
  r.owner_id = 1;
  r.locale = "en";
  r.shortcut = "thx";
  r.body = "Thanks";
  canned.add(r, 1);
  r.shortcut = "bye";
  const auto bye = canned.add(r, 2);
  const auto before = desk.count("canned_replies");

  r.shortcut = "thx";
  CHECK_THROWS_AS(canned.add(r, 3), ShortcutTaken);
  CHECK(desk.count("canned_replies") == before);
  CannedReply shared;
  shared.locale = "en";
  shared.shortcut = "hi";  // seeded for everybody
  shared.body = "Hey";
  CHECK_THROWS_AS(canned.add(shared, 3), ShortcutTaken);
  CHECK(desk.count("canned_replies") == before);

  auto clash = bye;
  clash.shortcut = "thx";
  clash.body = "changed";
  CHECK_THROWS_AS(canned.update(clash, 4), ShortcutTaken);
  const auto kept = canned.find(bye.id);
  REQUIRE(kept);
  CHECK(kept->shortcut == "bye");
  CHECK(kept->body == "Thanks");
  CHECK(kept->updated_at == 2);

  // Another owner, another language, or a team: the same shortcut is free.
  r.owner_id = 2;
  canned.add(r, 5);
  r.owner_id = 1;
  r.locale = "zh";
  canned.add(r, 6);
  shared.team = "north";
  canned.add(shared, 7);
  CHECK(desk.count("canned_replies") == before + 3);
}

TEST_CASE("a canned reply's facts follow merges and say nothing of an erased customer") {
  Desk desk;
  SqliteCannedReplies canned(desk.db);
  desk.db.exec(
      "INSERT INTO orders(shop_order_id, name, customer_id, total_cents, currency, created_at, "
      "updated_at) VALUES ('a', '#1001', 2, 100, 'CNY', 10, 10), "
      "('b', '#1002', 3, 100, 'CNY', 20, 20), ('c', '#1003', 1, 100, 'CNY', 30, 30), "
      "('d', '#1004', 4, 100, 'CNY', 40, 40)");
  const auto bo = canned.facts_of(11);
  REQUIRE(bo);
  CHECK(bo->agent_id == 2);
  CHECK(bo->customer_name == "Bo Li");
  CHECK(bo->last_order_number == "#1002");
  const auto erased = canned.facts_of(15);
  REQUIRE(erased);
  CHECK(erased->customer_name.empty());
  CHECK(erased->last_order_number.empty());
  const auto queued = canned.facts_of(12);
  REQUIRE(queued);
  CHECK_FALSE(queued->agent_id);
  CHECK(queued->last_order_number == "#1002");  // Bo Li's, with the orders of Bo merged in
  CHECK_FALSE(canned.facts_of(999));
}

TEST_CASE("attachments' rows are listed by conversation and forgotten with their customers") {
  Desk desk;
  SqliteAttachmentStore store(desk.db);
  auto add = [&](std::int64_t conversation, const std::string& key) {
    return store.add(
        AttachmentRecord{0, conversation, "customer", 1, "photo.png", "image/png", 3, key, 77});
  };
  const auto a = add(10, "k1");
  const auto b = add(10, "k2");
  add(11, "k3");
  CHECK(a.id > 0);
  CHECK(b.id > a.id);
  const auto found = store.find(b.id);
  REQUIRE(found);
  CHECK(found->file_key == "k2");
  CHECK(found->created_at == 77);
  CHECK_FALSE(store.find(9999));
  CHECK(store.of_conversation(10).size() == 2);
  CHECK(store.of_conversation(10).at(0).id == a.id);
  CHECK(store.customer_of(11) == 2);
  CHECK_FALSE(store.customer_of(999));

  CHECK(store.forget_customers({1}) == std::vector<std::string>{"k1", "k2"});
  CHECK(store.of_conversation(10).empty());
  CHECK(desk.count("attachments") == 1);
  CHECK(store.forget_customers({1}).empty());
}

TEST_CASE("an attachment row for a conversation that does not exist is refused") {
  Desk desk;
  SqliteAttachmentStore store(desk.db);
  if (auto* sqlite = kefu::sql::as_sqlite(desk.db.connection())) {
    sqlite->database().exec("PRAGMA foreign_keys = ON");
  }
  CHECK_THROWS_AS(
      store.add(AttachmentRecord{0, 999, "customer", 1, "x.png", "image/png", 1, "k", 1}),
      kefu::sql::Error);
  CHECK_THROWS_AS(store.add(AttachmentRecord{0, 10, "robot", 1, "x.png", "image/png", 1, "k", 1}),
                  kefu::sql::Error);
  CHECK(desk.count("attachments") == 0);
}

TEST_CASE("a transcript pages through a conversation with its customer's current name") {
  Desk desk;
  const auto first = read_transcript(desk.db, 11, 0, 2);
  CHECK(first.at("conversation").at("agent_name") == "Bob Wu");
  CHECK(first.at("conversation").at("resolved_at").is_null());
  const auto& messages = first.at("messages").as_array();
  REQUIRE(messages.size() == 2);
  CHECK(messages.at(0).at("author_name") == "Bo Li");
  CHECK(messages.at(1).at("author_name") == "Bob Wu");
  CHECK(first.at("more") == true);
  const auto rest = read_transcript(desk.db, 11, 2, 2);
  CHECK(rest.at("messages").as_array().size() == 1);
  CHECK(rest.at("messages").at(0).at("text") == "My parcel");
  CHECK(rest.at("more") == false);
  const auto resolved = read_transcript(desk.db, 14);
  CHECK(resolved.at("conversation").at("agent_name") == "Alice Chen");  // had it last
  CHECK(resolved.at("conversation").at("resolved_at") == 300);
}

TEST_CASE("a transcript of no conversation or of a bad page is refused") {
  Desk desk;
  CHECK_THROWS_AS(read_transcript(desk.db, 999), ConversationNotFound);
  CHECK_THROWS_AS(read_transcript(desk.db, 11, -1, 10), std::invalid_argument);
  CHECK_THROWS_AS(read_transcript(desk.db, 11, 0, 0), std::invalid_argument);
  CHECK_THROWS_AS(read_transcript(desk.db, 11, 0, 501), std::invalid_argument);
}
