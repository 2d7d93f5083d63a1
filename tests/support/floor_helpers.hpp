#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The moves every test of the floor makes through the real `kefu serve`: a demo staff member
// signed in, an agent going online, a customer opening a chat, a chat offered to an agent, and a
// count read back from the server's database.
namespace kefu::testing {

// `SELECT COUNT(*) …` (or any one-number query) on the server's database (SQLite or
// PostgreSQL: TestServer::reader()).
std::int64_t count_rows(const TestServer& server, const std::string& sql);

// The first column of the first row of `sql` on the server's database, as text ("" for NULL);
// throws when there is no row.
std::string stored_text(const TestServer& server, const std::string& sql);

// Every row of `sql` on the server's database as text, columns ended by '|' and rows by '\n'
// (NULL as ""): what a test compares before and after a refusal (give the query an ORDER BY).
std::string stored_rows(const TestServer& server, const std::string& sql);

// An SQL expression for the text of the member at `path` ("reason", "after.messages") of the
// JSON object in `column` (an event's `data`), in the server's engine's SQL: compare it with
// text, e.g. `= '12'` (a scalar member: objects are written differently by the two engines).
std::string json_text(const TestServer& server, const std::string& column, const std::string& path);

// Returns once what `kefu serve` writes by itself as it starts is stored: the back office's
// start (its figures, the quality settings the SLA policies imply) and the care office's (its
// built-in rules, its feed's positions in `meta`) run on the back office strand before anything
// else there, so a supervisor's figure request, answered there, comes after them; a health probe
// then answers after every write before it (the sign-ins' events too). Take a "before" snapshot
// of such tables after this. `supervisor` is the session cookie of a supervisor or an admin;
// throws unless both answer 200.
void start_up_written(const TestServer& server, const std::string& supervisor);

// The string at `key` of the JSON object `v`.
std::string text_at(const boost::json::value& v, const char* key);

// The integer at `key` of the JSON object `v`.
std::int64_t number_at(const boost::json::value& v, const char* key);

// A `message` frame as a customer or an agent sends it; into `conversation` when given.
boost::json::object message_frame(const std::string& client_id, const std::string& text,
                                  std::optional<std::int64_t> conversation = std::nullopt);

// A demo staff member (`kefu demo`'s `<login>-demo-pass`) on the staff socket, past `welcome`.
std::unique_ptr<WsClient> demo_staff(TestServer& server, const std::string& login);

// Sets `agent` online and waits for the ack.
void go_online(WsClient& agent, const std::string& client_id = "on");

// A new visitor writes `text`; their socket joins `customers` and the new conversation's id is
// returned once the message is stored.
std::int64_t new_chat(TestServer& server, std::vector<std::unique_ptr<WsClient>>& customers,
                      const std::string& text);

// A new visitor on `customer` writes "My invoice is wrong" with `client_id`; the new
// conversation's id once the message is stored.
std::int64_t customer_chat(TestServer& server, std::unique_ptr<WsClient>& customer,
                           const std::string& client_id);

// True when a `conversation` frame for `id` reaches the staff socket before it has been quiet
// for `ms` (other frames are read past).
bool offered(WsClient& staff, std::int64_t id, int ms = 400);

// The console's clock of conversation `id` (GET /api/sla/clocks as the staff session `cookie`),
// or null when it has none; throws unless the server answers 200.
boost::json::value clock_of(TestServer& server, const std::string& cookie, std::int64_t id);

// The supervisor's list row of conversation `id` from the next `kpi` frames (at most 8, 3 s
// each), the first whose `sla_risk` is `risk` (frames sent before may still be queued); else the
// last row seen of it.
boost::json::object supervisor_row(WsClient& supervisor, std::int64_t id, const std::string& risk);

}  // namespace kefu::testing
