#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/mail/mail_records.hpp"

namespace kefu::mail {

// Replies going out by SMTP, durable from the moment they are composed. Delivery is at most
// once: an entry is claimed (state "sending", durably) before its SMTP transaction, and an
// entry found "sending" after a restart becomes "uncertain" (shown to the agent, never sent
// again by itself). Several nodes may share the outbox (one PostgreSQL): a claim names the
// mail worker that made it and lasts a lease, so that no two workers claim one entry and an
// entry a stopped node left "sending" is settled by another once the lease ran out. Each call is
// atomic. Not thread-safe (one connection; each worker has its own).
class MailOutbox {
 public:
  // How long a claim lasts: well beyond one SMTP transaction (SmtpSender's libcurl gives up
  // after a minute).
  static constexpr std::int64_t kLeaseMs = 300'000;

  virtual ~MailOutbox() = default;
  // Queues a composed reply (if `entry` is set), records its Message-ID in the thread, and moves
  // the thread's queued_through_seq to `through_seq`, all in one transaction.
  virtual void queue(std::int64_t conversation_id, std::int64_t through_seq,
                     const std::optional<OutboxEntry>& entry) = 0;
  // Queued entries whose time has come, oldest first, at most `limit`.
  virtual std::vector<OutboxEntry> due(std::int64_t now, int limit) = 0;
  // Claims a queued entry for one SMTP transaction (state sending, attempts + 1, for kLeaseMs,
  // by no named worker). False when it is no longer queued.
  virtual bool claim(std::int64_t id, std::int64_t now) = 0;
  // Claims the queued entry due longest (next_attempt_at <= now) for one SMTP transaction by
  // `worker` until now + lease_ms: state sending, attempts + 1. Atomic across connections: two
  // workers never claim the same entry. nullopt when none is due.
  virtual std::optional<OutboxEntry> claim_next(std::int64_t now, const std::string& worker,
                                                std::int64_t lease_ms) = 0;
  virtual void mark_sent(std::int64_t id, std::int64_t now) = 0;
  // Back to queued, to try again at `next_attempt_at`.
  virtual void retry_later(std::int64_t id, std::int64_t next_attempt_at, const std::string& error,
                           std::int64_t now) = 0;
  virtual void mark_failed(std::int64_t id, const std::string& error, std::int64_t now) = 0;
  virtual void mark_uncertain(std::int64_t id, const std::string& error, std::int64_t now) = 0;
  // An agent's explicit decision to send an uncertain reply again (never taken by Kefu itself):
  // the conversation's entry for `seq` goes back to queued, due now, its attempts kept. False
  // (nothing changes) when there is no such entry or it is not uncertain.
  virtual bool send_again(std::int64_t conversation_id, std::int64_t seq, std::int64_t now) = 0;
  // After a restart of the only node: every entry left "sending" becomes "uncertain". Returns
  // them (raw left empty).
  virtual std::vector<OutboxEntry> settle_interrupted(std::int64_t now) = 0;
  // With several nodes: the entries left "sending" by `worker` (its previous run: the caller is
  // that worker, between its sends) or by anyone whose lease ended before `now` become
  // "uncertain"; others' claims still in their lease are left alone. Returns them (raw left
  // empty).
  virtual std::vector<OutboxEntry> settle_abandoned(std::int64_t now,
                                                    const std::string& worker) = 0;
  // The conversation's replies (raw left empty), oldest first.
  virtual std::vector<OutboxEntry> of_conversation(std::int64_t conversation_id) = 0;
  virtual std::optional<OutboxEntry> find(std::int64_t id) = 0;
  // Erasure: deletes the entry of `conversation_id` and `seq`, whatever its state (a queued one
  // never leaves; one being sent finishes with no row left to mark). Nothing when there is none.
  virtual void forget(std::int64_t conversation_id, std::int64_t seq) = 0;
};

}  // namespace kefu::mail
