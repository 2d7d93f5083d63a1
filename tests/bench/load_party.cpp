#include "tests/bench/load_party.hpp"

#include <boost/asio/post.hpp>
#include <chrono>
#include <iostream>

#include "tests/bench/frame_fields.hpp"

namespace kefu::load {
namespace net = boost::asio;

namespace {
std::uint32_t micros_since(std::int64_t stamp) {
  if (stamp < 0) return 0;
  return static_cast<std::uint32_t>((now_ns() - stamp) / 1000);
}
}  // namespace

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string stamped_text(std::int64_t stamp, std::size_t bytes, std::string_view who) {
  std::string text = "t" + std::to_string(stamp) + " " + std::string(who) + " ";
  if (text.size() < bytes) text.append(bytes - text.size(), 'x');
  return text;
}

LoadCustomer::LoadCustomer(LoadRun& run, int index, std::shared_ptr<LoadSocket> socket)
    : run_(run), index_(index), socket_(std::move(socket)), timer_(socket_->strand()) {}

void LoadCustomer::open() {
  socket_->open(
      [self = shared_from_this()](bool ok) {
        if (!ok) {
          ++self->run_.errors;
          return;
        }
        if (self->run_.echo) ++self->run_.ready;
      },
      // Weak: the socket holds this handler, and this object holds the socket.
      [weak = weak_from_this()](std::string_view frame) {
        if (auto self = weak.lock()) self->on_frame(frame);
      });
}

void LoadCustomer::start() {
  net::post(socket_->strand(), [self = shared_from_this()] {
    if (self->run_.rate_each <= 0) {
      for (int i = 0; i < self->run_.window; ++i) self->send_one();
    } else {
      // Spread the customers' timers over one interval so they do not fire together.
      const auto interval =
          std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / self->run_.rate_each));
      self->timer_.expires_after(interval * (self->index_ % 97) / 97);
      self->timer_.async_wait([self](boost::system::error_code ec) {
        if (!ec) self->tick();
      });
    }
  });
}

void LoadCustomer::tick() {
  if (!run_.sending) return;
  if (in_flight_ < 10000) send_one();
  timer_.expires_at(timer_.expiry() +
                    std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / run_.rate_each)));
  timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->tick();
  });
}

void LoadCustomer::send_one() {
  if (!run_.sending || socket_->ended()) return;
  const std::int64_t stamp = now_ns();
  const std::string text = stamped_text(stamp, run_.text_bytes, "c" + std::to_string(index_));
  ++in_flight_;
  ++run_.sent;
  if (run_.echo) {
    socket_->send(text);
    return;
  }
  socket_->send(R"({"type":"message","client_id":"m)" + std::to_string(index_) + "-" +
                std::to_string(next_++) + "-t" + std::to_string(stamp) + R"(","text":")" + text +
                R"("})");
}

void LoadCustomer::delivered() {
  if (run_.rate_each > 0) return;
  net::post(socket_->strand(), [self = shared_from_this()] {
    --self->in_flight_;
    self->send_one();
  });
}

void LoadCustomer::on_frame(std::string_view frame) {
  if (run_.echo) {
    ack_us.push_back(micros_since(stamp_of(frame)));
    --in_flight_;
    ++run_.acked;
    if (run_.rate_each <= 0) send_one();
    return;
  }
  const auto type = string_field(frame, "type");
  if (type == "welcome") {
    if (said_hello_) return;
    said_hello_ = true;
    socket_->send(R"({"type":"message","client_id":"h)" + std::to_string(index_) +
                  R"(","text":"hello, I have a question about my order"})");
  } else if (type == "ack") {
    const auto ref = string_field(frame, "ref");
    if (!ref.empty() && ref[0] == 'h') {
      ++run_.ready;
      return;
    }
    ack_us.push_back(micros_since(stamp_of(ref)));
    ++run_.acked;
    if (run_.rate_each > 0) --in_flight_;
  } else if (type == "message") {
    if (string_field(frame, "kind") != "agent") return;
    from_agent_us.push_back(micros_since(stamp_of(string_field(frame, "text"))));
    ++run_.to_customers;
  } else if (type == "error") {
    ++run_.errors;
    if (string_field(frame, "code") == "rate_limited") ++run_.rate_limited;
    --in_flight_;
    if (run_.rate_each <= 0) send_one();
  }
}

LoadAgent::LoadAgent(LoadRun& run, int index, std::shared_ptr<LoadSocket> socket)
    : run_(run), index_(index), socket_(std::move(socket)) {}

void LoadAgent::open() {
  socket_->open(
      [self = shared_from_this()](bool ok) {
        if (!ok) ++self->run_.errors;
      },
      // Weak: the socket holds this handler, and this object holds the socket.
      [weak = weak_from_this()](std::string_view frame) {
        if (auto self = weak.lock()) self->on_frame(frame);
      });
}

void LoadAgent::on_frame(std::string_view frame) {
  const auto type = string_field(frame, "type");
  if (type == "message") {
    if (string_field(frame, "kind") != "customer") return;
    const auto text = string_field(frame, "text");
    // Only the load's stamped messages ("t<ns> c12 ..."), not the customer's first hello.
    if (!text.empty() && text[0] == 't') {
      from_customer_us.push_back(micros_since(stamp_of(text)));
      from_customer_sent_ns.push_back(stamp_of(text));
    }
    ++run_.to_agents;
    const auto who = text.find(" c");
    if (who != std::string_view::npos) {
      const long customer = std::strtol(text.data() + who + 2, nullptr, 10);
      if (customer >= 0 && static_cast<std::size_t>(customer) < run_.customers.size()) {
        run_.customers[static_cast<std::size_t>(customer)]->delivered();
      }
    }
    if (!run_.agents_reply || !run_.sending) return;
    const std::int64_t stamp = now_ns();
    socket_->send(R"({"type":"message","client_id":"a)" + std::to_string(index_) + "-" +
                  std::to_string(next_++) + "-t" + std::to_string(stamp) +
                  R"(","conversation_id":)" + std::to_string(int_field(frame, "conversation_id")) +
                  R"(,"text":")" +
                  stamped_text(stamp, run_.text_bytes, "a" + std::to_string(index_)) + R"("})");
  } else if (type == "conversation") {
    if (string_field(frame, "status") == "assigned") ++run_.assigned;
  } else if (type == "ack") {
    ack_us.push_back(micros_since(stamp_of(string_field(frame, "ref"))));
    ++run_.replies_acked;
  } else if (type == "error") {
    ++run_.errors;
    if (string_field(frame, "code") == "rate_limited") ++run_.rate_limited;
  }
}

}  // namespace kefu::load
