#include "server/net/mail_service.hpp"

#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <future>
#include <iostream>
#include <set>

#include "server/customers/identity.hpp"
#include "server/mail/conversation_token.hpp"
#include "server/net/server_state.hpp"
#include "server/store/sql/open_connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::net {
namespace {

// The future's value, unless the service is stopping first (then the desk may never run it).
template <typename T>
std::optional<T> await(std::future<T>& future, const std::atomic<bool>& stopping) {
  while (future.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    if (stopping) return std::nullopt;
  }
  return future.get();
}

boost::json::object delivery_json(const mail::OutboxEntry& e) {
  return {{"type", "mail_delivery"},
          {"conversation_id", e.conversation_id},
          {"seq", e.seq},
          {"state", e.state},
          {"attempts", e.attempts},
          {"error", e.error},
          {"recipient", e.recipient}};
}

// The host's name: this node's mail worker (MailService::worker_).
std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "kefu";
  return name;
}

// The message's Message-ID (as MailReader reads it), or "" when it has none or is unreadable
// (then it is kept all the same, to be set aside by the filer).
std::string message_id_of(const std::string& raw) {
  try {
    return mail::MailReader().read(raw).message_id;
  } catch (const mail::MailRefused&) {
    return "";
  }
}

}  // namespace

MailService::MailService(ServerState& state, Settings settings)
    : state_(state),
      settings_(std::move(settings)),
      seal_(settings_.key_file),
      worker_(host_name()),
      sender_(settings_.ca_file) {}

MailService::~MailService() {
  stop();
}

std::int64_t MailService::now() const {
  return state_.clock().now_ms();
}

void MailService::start() {
  db_ = sql::open_connection(settings_.database);
  // The store's checkpointer copies the log; this connection's commits must not.
  if (sql::as_sqlite(*db_) != nullptr) db_->exec("PRAGMA wal_autocheckpoint = 0");
  mailboxes_ = std::make_unique<mail::SqliteMailboxes>(*db_);
  inbox_ = std::make_unique<mail::SqliteMailInbox>(*db_);
  threads_ = std::make_unique<mail::SqliteMailThreads>(*db_);
  outbox_ = std::make_unique<mail::SqliteMailOutbox>(*db_);
  shelf_ = std::make_unique<mail::SqliteMailAttachmentShelf>(*db_);
  attachments_ = std::make_unique<workspace::SqliteAttachmentStore>(*db_);
  mail::FilingDesk& desk = *this;
  filer_ = std::make_unique<mail::MailFiler>(
      *inbox_, *threads_, *outbox_, desk, [this] { return now(); },
      state_.settings().attachment_max_bytes, worker_);
  settle_abandoned();
  thread_ = std::thread([this] { run(); });
}

void MailService::stop() {
  stopping_ = true;
  woken_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailService::wake() {
  {
    std::lock_guard lock(mutex_);
    wake_ = true;
  }
  woken_.notify_all();
}

void MailService::adopt_ticket(std::int64_t conversation_id, std::string address,
                               std::string subject, std::int64_t through_seq) {
  mail::MailThread thread;
  thread.conversation_id = conversation_id;
  thread.address = std::move(address);
  thread.subject = std::move(subject);
  thread.queued_through_seq = through_seq;
  {
    std::lock_guard lock(mutex_);
    adopted_.push_back(std::move(thread));
    wake_ = true;
  }
  woken_.notify_all();
}

void MailService::take_adopted_tickets() {
  std::vector<mail::MailThread> adopted;
  {
    std::lock_guard lock(mutex_);
    adopted.swap(adopted_);
  }
  if (adopted.empty()) return;
  const auto mailboxes = mailboxes_->list();
  if (mailboxes.empty()) return;  // no mailbox: the ticket is answered in the widget only
  for (auto& thread : adopted) {
    thread.mailbox_id = mailboxes.front().id;
    thread.token = mail::new_conversation_token();
    threads_->start_thread(thread);
  }
}

void MailService::run() {
  while (!stopping_) {
    try {
      turn();
    } catch (const std::exception& failure) {
      std::cerr << "kefu: mail: " << failure.what() << "\n";
    }
    std::unique_lock lock(mutex_);
    woken_.wait_for(lock, std::chrono::milliseconds(250), [this] { return wake_ || stopping_; });
    wake_ = false;
  }
}

void MailService::turn() {
  take_adopted_tickets();
  file_inbox();
  take_replies();
  send_due();
  collect_imap();
  file_inbox();
}

void MailService::file_inbox() {
  while (!stopping_) {
    auto outcome = filer_->file_next();
    if (!outcome || outcome->result == "retry") return;
  }
}

std::int64_t MailService::new_customer(const std::string& address, const std::string& name) {
  store::WriteBatch batch;
  batch.mutations.push_back(
      store::InsertCustomer{store::CustomerRecord{0, name.empty() ? address : name, now()}});
  const auto written = state_.store().submit_and_wait(std::move(batch));
  if (!written.ok) throw std::runtime_error("the store could not add a customer: " + written.error);
  const std::int64_t customer_id = written.outcomes.front().value;
  auto promise = std::make_shared<std::promise<bool>>();
  auto future = promise->get_future();
  boost::asio::post(state_.back_office_strand(), [this, promise, customer_id, address] {
    try {
      auto receipt = state_.back_office().in_write_transaction([&](BackOffice& office) {
        return office.claim_identity(customer_id, "email", address, now());
      });
      for (std::int64_t candidate : receipt.candidate_ids) state_.push_customer_view(candidate);
      promise->set_value(true);
    } catch (const std::exception& failure) {
      std::cerr << "kefu: mail: the sender's address was not kept: " << failure.what() << "\n";
      promise->set_value(false);
    }
  });
  await(future, stopping_);
  return customer_id;
}

EmailFiled MailService::file(EmailArrival arrival) {
  auto promise = std::make_shared<std::promise<EmailFiled>>();
  auto future = promise->get_future();
  boost::asio::post(state_.desk(), [this, promise, arrival = std::move(arrival)]() mutable {
    state_.centre().receive_email(std::move(arrival),
                                  [promise](EmailFiled filed) { promise->set_value(filed); });
  });
  if (auto filed = await(future, stopping_)) return *filed;
  EmailFiled stopped;
  stopped.error = "the server is stopping";
  return stopped;
}

void MailService::keep_attachments(std::int64_t conversation_id, std::int64_t customer_id,
                                   const std::vector<mail::SortedAttachment>& attachments) {
  auto& folder = *state_.workspace().attachment_files;
  for (const auto& sorted : attachments) {
    const auto& a = sorted.attachment;
    const std::string key = folder.keep(a.bytes);
    try {
      if (!sorted.set_aside.empty()) {
        shelf_->keep(mail::ShelvedAttachment{
            0, conversation_id, customer_id, a.name, a.declared_type,
            static_cast<std::int64_t>(a.bytes.size()), key, sorted.set_aside, now()});
        continue;
      }
      const auto stored = attachments_->add(workspace::AttachmentRecord{
          0, conversation_id, "customer", customer_id, a.name, sorted.content_type,
          static_cast<std::int64_t>(a.bytes.size()), key, now()});
      auto frame = outbound::frame_of(boost::json::object{
          {"type", "attachment"},
          {"conversation_id", conversation_id},
          {"attachment",
           boost::json::object{
               {"id", stored.id},
               {"conversation_id", conversation_id},
               {"name", stored.name},
               {"content_type", stored.content_type},
               {"size", stored.size},
               {"at", stored.created_at},
               {"uploader", boost::json::object{{"kind", "customer"}, {"id", customer_id}}},
               {"url", "/api/attachments/" + std::to_string(stored.id)}}}});
      boost::asio::post(state_.desk(), [this, frame, conversation_id] {
        state_.centre().send_to_conversation_staff(conversation_id, frame, {});
      });
    } catch (...) {
      folder.remove(key);
      throw;
    }
  }
}

std::vector<mail::ReplyFile> MailService::files_for_reply(std::int64_t conversation_id,
                                                          std::int64_t after_ms,
                                                          std::int64_t through_ms) {
  std::vector<mail::ReplyFile> files;
  for (const auto& a : attachments_->of_conversation(conversation_id)) {
    if (a.uploader_kind != "agent" || a.created_at <= after_ms || a.created_at > through_ms) {
      continue;
    }
    try {
      files.push_back(mail::ReplyFile{a.name, a.content_type,
                                      state_.workspace().attachment_files->read(a.file_key)});
    } catch (const std::exception& gone) {
      // Its file was removed (an erasure in between): the reply leaves without it.
      std::cerr << "kefu: mail: attachment " << a.id << " left out: " << gone.what() << "\n";
    }
  }
  return files;
}

void MailService::take_replies() {
  for (const auto& thread : threads_->threads_behind(50)) {
    if (stopping_) return;
    const auto mailbox = mailboxes_->find(thread.mailbox_id);
    const auto messages = state_.store().read_messages(thread.conversation_id,
                                                       thread.queued_through_seq, INT64_MAX, 50);
    // The agent's reply before these: files attached after it go with the next one.
    std::int64_t previous_reply_at = 0;
    const std::int64_t from = std::max<std::int64_t>(0, thread.queued_through_seq - 50);
    for (const auto& m : state_.store().read_messages(thread.conversation_id, from,
                                                      thread.queued_through_seq, 50)) {
      if (m.author_kind == store::AuthorKind::agent) previous_reply_at = m.at;
    }
    for (const auto& m : messages) {
      std::optional<mail::OutboxEntry> entry;
      if (m.author_kind == store::AuthorKind::agent) {
        mail::OutboxEntry e;
        e.conversation_id = thread.conversation_id;
        e.seq = m.seq;
        e.mailbox_id = thread.mailbox_id;
        e.recipient = thread.address;
        e.created_at = e.next_attempt_at = now();
        mail::Reply reply{m.body,
                          threads_->message_ids_of(thread.conversation_id, 20),
                          thread.conversation_id,
                          m.seq,
                          m.at,
                          files_for_reply(thread.conversation_id, previous_reply_at, m.at)};
        previous_reply_at = m.at;
        mail::Mailbox from = mailbox ? *mailbox : mail::Mailbox{};
        if (!mailbox) from.address = "kefu@kefu.invalid";
        auto composed = composer_.compose(from, thread, reply);
        e.message_id = composed.message_id;
        e.raw = std::move(composed.raw);
        const auto key = customers::email_match_key(thread.address);
        const auto bounce = key ? threads_->bounce_of(*key) : std::nullopt;
        if (!mailbox || mailbox->smtp_url.empty()) {
          e.state = "failed";
          e.error = "the mailbox has no SMTP server";
        } else if (bounce) {
          e.state = "failed";
          e.error = "the customer's address " + *bounce;
        }
        entry = std::move(e);
      }
      outbox_->queue(thread.conversation_id, m.seq, entry);
      if (entry) tell_agent(*entry);
    }
  }
}

void MailService::settle_abandoned() {
  for (const auto& abandoned : outbox_->settle_abandoned(now(), worker_)) {
    if (auto settled = outbox_->find(abandoned.id)) tell_agent(*settled);
  }
}

void MailService::send_due() {
  settle_abandoned();
  for (int sent = 0; sent < 20 && !stopping_; ++sent) {
    const auto claimed = outbox_->claim_next(now(), worker_, mail::MailOutbox::kLeaseMs);
    if (!claimed) return;
    const mail::OutboxEntry& due = *claimed;
    const auto mailbox = mailboxes_->find(due.mailbox_id);
    std::string password;
    try {
      if (!mailbox) throw std::runtime_error("the mailbox is gone");
      if (!mailbox->sealed_password.empty()) password = seal_.open(mailbox->sealed_password);
    } catch (const std::exception& failure) {
      outbox_->mark_failed(due.id, failure.what(), now());
      if (auto e = outbox_->find(due.id)) tell_agent(*e);
      continue;
    }
    const int attempts = due.attempts;  // this one included
    const auto outcome = sender_.send(*mailbox, password, due.recipient, due.raw);
    switch (outcome.kind) {
      case mail::SmtpOutcome::Kind::sent:
        outbox_->mark_sent(due.id, now());
        break;
      case mail::SmtpOutcome::Kind::retry:
        if (attempts >= kMaxAttempts) {
          outbox_->mark_failed(
              due.id, outcome.error + " (gave up after " + std::to_string(attempts) + " attempts)",
              now());
        } else {
          const std::int64_t wait = settings_.retry_ms << std::min(attempts - 1, 20);
          outbox_->retry_later(due.id, now() + wait, outcome.error, now());
        }
        break;
      case mail::SmtpOutcome::Kind::refused:
        outbox_->mark_failed(due.id, outcome.error, now());
        break;
      case mail::SmtpOutcome::Kind::uncertain:
        outbox_->mark_uncertain(due.id, outcome.error, now());
        break;
    }
    if (auto e = outbox_->find(due.id)) tell_agent(*e);
  }
}

void MailService::collect_imap() {
  if (now() < next_poll_at_) return;
  next_poll_at_ = now() + settings_.poll_ms;
  for (const auto& mailbox : mailboxes_->list()) {
    if (mailbox.imap_url.empty() || stopping_) continue;
    try {
      const std::string password =
          mailbox.sealed_password.empty() ? "" : seal_.open(mailbox.sealed_password);
      mail::ImapCollector imap(mailbox, password, settings_.ca_file);
      const std::int64_t validity = imap.uid_validity();
      std::set<std::int64_t> uids;
      for (auto uid : inbox_->pending_imap(mailbox.id, validity)) uids.insert(uid);
      for (auto uid : imap.unseen()) uids.insert(uid);
      for (std::int64_t uid : uids) {
        if (stopping_) return;
        if (!inbox_->taken_from_imap(mailbox.id, validity, uid)) {
          inbox_->begin_imap_fetch(mailbox.id, validity, uid, now());
          const std::string raw = imap.fetch(uid);
          inbox_->add_from_imap(mailbox.id, validity, uid, raw, message_id_of(raw), now());
        }
        imap.mark_seen(uid);
      }
    } catch (const std::exception& failure) {
      std::cerr << "kefu: mail: IMAP of mailbox " << mailbox.name << ": " << failure.what() << "\n";
    }
  }
}

void MailService::tell_agent(const mail::OutboxEntry& entry) {
  auto frame = outbound::frame_of(delivery_json(entry));
  const std::int64_t id = entry.conversation_id;
  boost::asio::post(state_.desk(), [this, frame, id] {
    const auto* conversation = state_.centre().open_conversation(id);
    if (conversation != nullptr && conversation->agent_id) {
      state_.centre().send_to_agent(*conversation->agent_id, frame);
    }
  });
}

}  // namespace kefu::net
