#include "server/net/customer_erasure_route.hpp"

#include <boost/asio/post.hpp>
#include <exception>
#include <iostream>
#include <memory>
#include <utility>
#include <vector>

#include "server/care/care_office.hpp"
#include "server/customers/errors.hpp"
#include "server/mail/sqlite_mail_attachment_shelf.hpp"
#include "server/mail/sqlite_mail_threads.hpp"

namespace kefu::net {
namespace asio = boost::asio;

namespace {

struct Erasure {
  Request req;
  Reply reply;
  std::int64_t customer_id = 0;
  std::int64_t now = 0;
  std::vector<std::int64_t> family;
};

void fail(const Erasure& erasure, const std::exception& failure) {
  std::cerr << "kefu: erasing customer " << erasure.customer_id << ": " << failure.what() << "\n";
  erasure.reply(error_response(erasure.req, 503, "unavailable", "the store is busy; retry"));
}

// Step 4, on the back office strand.
void erase(ServerState& state, const std::shared_ptr<Erasure>& erasure) {
  try {
    // The attachments' rows go in the erasure's transaction, their files once it committed.
    const auto files = state.back_office().in_write_transaction([&](BackOffice& office) {
      office.erase_customer(erasure->customer_id, erasure->family, erasure->now);
      mail::SqliteMailThreads(office.sql()).forget_customers(erasure->family);
      auto keys = state.workspace().attachments->forget_customers(erasure->family);
      for (auto& key :
           mail::SqliteMailAttachmentShelf(office.sql()).forget_customers(erasure->family)) {
        keys.push_back(std::move(key));
      }
      return keys;
    });
    state.care().office().erase_customers(erasure->family);
    for (const auto& key : files) state.workspace().attachment_files->remove(key);
    if (!state.back_office().truncate_log())
      std::cerr << "kefu: the log was not truncated after an erasure (readers were busy)\n";
  } catch (const std::exception& failure) {
    fail(*erasure, failure);
    return;
  }
  erasure->reply(json_response(erasure->req, 204, ""));
}

// Steps 2 and 3, on the desk.
void end_on_desk(ServerState& state, const std::shared_ptr<Erasure>& erasure) {
  state.centre().end_customers(erasure->family);
  store::WriteBatch probe;
  probe.mutations.push_back(store::Probe{});
  state.store().submit(std::move(probe), [&state, erasure](store::WriteResult) {
    // Even a failed probe follows every earlier write: erase either way.
    asio::post(state.back_office_strand(), [&state, erasure] { erase(state, erasure); });
  });
}

}  // namespace

void erase_customer_everywhere(Request req, ServerState& state, Reply reply,
                               std::int64_t customer_id, std::int64_t now) {
  auto erasure =
      std::make_shared<Erasure>(Erasure{std::move(req), std::move(reply), customer_id, now, {}});
  asio::post(state.back_office_strand(), [&state, erasure] {
    try {
      erasure->family = state.back_office().guarded(
          [&](BackOffice& office) { return office.erasure_family(erasure->customer_id); });
    } catch (const customers::CustomerNotFound& missing) {
      erasure->reply(error_response(erasure->req, 404, "not_found", missing.what()));
      return;
    } catch (const std::exception& failure) {
      fail(*erasure, failure);
      return;
    }
    asio::post(state.desk(), [&state, erasure] { end_on_desk(state, erasure); });
  });
}

}  // namespace kefu::net
