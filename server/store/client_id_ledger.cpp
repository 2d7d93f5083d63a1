#include "server/store/client_id_ledger.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <numeric>
#include <tuple>

#include "server/store/message_events.hpp"

namespace kefu::store {
namespace {

constexpr const char* kMarkKey = "client_ids_through_event";

std::int64_t read_mark(SQLite::Database& db) {
  SQLite::Statement s(db, "SELECT value FROM meta WHERE key = ?");
  s.bind(1, kMarkKey);
  return s.executeStep() ? std::stoll(s.getColumn(0).getString()) : 0;
}

}  // namespace

ClientIdLedger::ClientIdLedger(SQLite::Database& db, std::size_t write_every)
    : db_(db),
      write_every_(std::max<std::size_t>(write_every, 1)),
      find_(db,
            "SELECT conversation_id, seq FROM message_client_ids "
            "WHERE author_kind = ? AND author_id = ? AND client_id = ?"),
      insert_(db,
              "INSERT INTO message_client_ids(author_kind, author_id, client_id, "
              "conversation_id, seq) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"),
      move_mark_(db,
                 "INSERT INTO meta(key, value) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value") {
  read_back_unwritten();
}

const std::string& ClientIdLedger::probe(std::string_view author_kind, std::int64_t author_id,
                                         std::string_view client_id) {
  char id[24];
  const auto end = std::to_chars(id, id + sizeof id, author_id).ptr;
  probe_.assign(author_kind);
  probe_ += '\n';
  probe_.append(id, end);
  probe_ += '\n';
  probe_ += client_id;
  return probe_;
}

void ClientIdLedger::read_back_unwritten() {
  // The messages stored after the mark, in the order they were stored: their events follow
  // the mark, each naming its conversation and seq.
  SQLite::Statement events(db_,
                           "SELECT id, conversation_id, json_extract(data, '$.seq') FROM events "
                           "WHERE id > ? AND " +
                               sql_is_message_event() + " ORDER BY id");
  SQLite::Statement message(db_,
                            "SELECT author_kind, author_id, client_id FROM messages "
                            "WHERE conversation_id = ? AND seq = ?");
  events.bind(1, read_mark(db_));
  while (events.executeStep()) {
    Held held;
    held.event_id = events.getColumn(0).getInt64();
    held.first.conversation_id = events.getColumn(1).getInt64();
    held.first.seq = events.getColumn(2).getInt64();
    message.reset();
    message.bind(1, held.first.conversation_id);
    message.bind(2, held.first.seq);
    if (!message.executeStep()) continue;  // an event without its message is not a key
    held.author_kind = message.getColumn(0).getString();
    held.author_id = message.getColumn(1).getInt64();
    held.client_id = message.getColumn(2).getString();
    hold(std::move(held));
  }
  committed_ = order_.size();
}

std::optional<ClientIdLedger::FirstMessage> ClientIdLedger::find(std::string_view author_kind,
                                                                 std::int64_t author_id,
                                                                 const std::string& client_id) {
  if (!held_.empty()) {
    auto it = held_.find(probe(author_kind, author_id, client_id));
    if (it != held_.end()) return it->second;
  }
  find_.reset();
  const std::string kind(author_kind);  // bound without a copy: alive until the reset below
  find_.bindNoCopy(1, kind);
  find_.bind(2, author_id);
  find_.bindNoCopy(3, client_id);
  std::optional<FirstMessage> first;
  if (find_.executeStep()) {
    first = FirstMessage{find_.getColumn(0).getInt64(), find_.getColumn(1).getInt64()};
  }
  // A statement left open would hold an old snapshot on the writer's connection.
  find_.reset();
  return first;
}

void ClientIdLedger::remember(std::string_view author_kind, std::int64_t author_id,
                              const std::string& client_id, FirstMessage first,
                              std::int64_t event_id) {
  Held held;
  held.author_kind = std::string(author_kind);
  held.author_id = author_id;
  held.client_id = client_id;
  held.first = first;
  held.event_id = event_id;
  hold(std::move(held));
}

void ClientIdLedger::hold(Held held) {
  held_.emplace(probe(held.author_kind, held.author_id, held.client_id), held.first);
  order_.push_back(std::move(held));
}

void ClientIdLedger::forget_since(std::size_t mark) {
  assert(mark >= committed_);
  while (order_.size() > mark) {
    const Held& h = order_.back();
    held_.erase(probe(h.author_kind, h.author_id, h.client_id));
    order_.pop_back();
  }
}

void ClientIdLedger::flush_if_due() {
  if (slice_end_ > run_written_) return;  // this transaction already wrote its slice
  if (run_.empty()) {
    if (committed_ < write_every_) return;
    // Sorted by key, the rows of one author go in together: one leaf page each.
    run_.resize(committed_);
    std::iota(run_.begin(), run_.end(), std::size_t{0});
    std::sort(run_.begin(), run_.end(), [this](std::size_t a, std::size_t b) {
      const Held& x = order_[a];
      const Held& y = order_[b];
      return std::tie(x.author_kind, x.author_id, x.client_id) <
             std::tie(y.author_kind, y.author_id, y.client_id);
    });
    run_written_ = 0;
  }
  write_slice();
}

void ClientIdLedger::write_slice() {
  const std::size_t end = std::min(run_.size(), run_written_ + kSlice);
  for (std::size_t i = run_written_; i < end; ++i) {
    const Held& h = order_[run_[i]];
    insert_.reset();
    insert_.bindNoCopy(1, h.author_kind);
    insert_.bind(2, h.author_id);
    insert_.bindNoCopy(3, h.client_id);
    insert_.bind(4, h.first.conversation_id);
    insert_.bind(5, h.first.seq);
    insert_.exec();
  }
  insert_.reset();
  if (end == run_.size()) {
    // The run is complete: every key up to its newest has its row.
    move_mark_.reset();
    move_mark_.bind(1, kMarkKey);
    move_mark_.bind(2, std::to_string(order_[run_.size() - 1].event_id));
    move_mark_.exec();
    move_mark_.reset();
  }
  slice_end_ = end;
}

void ClientIdLedger::committed() {
  run_written_ = slice_end_;
  if (!run_.empty() && run_written_ == run_.size()) {
    // The run's keys are order_'s oldest: run_ holds the indices 0 to its size - 1.
    const std::size_t written = run_.size();
    for (std::size_t i = 0; i < written; ++i) {
      const Held& h = order_[i];
      held_.erase(probe(h.author_kind, h.author_id, h.client_id));
    }
    order_.erase(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(written));
    run_.clear();
    run_written_ = slice_end_ = 0;
  }
  committed_ = order_.size();
}

void ClientIdLedger::rolled_back() {
  insert_.tryReset();
  move_mark_.tryReset();
  find_.tryReset();
  slice_end_ = run_written_;
  forget_since(committed_);
}

}  // namespace kefu::store
