#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cassert>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace kefu::net {

// A stream layer under a WebSocket stream that gathers the frames written while one write is on
// the wire and sends them together in the next write: several frames per system call when a
// group commit releases many acks and messages to the same socket, and no delay when the socket
// is idle (a frame is sent as soon as the previous write is done, never held back by a timer).
//
// A write of the layer above is copied into a pending buffer and completes at once, until
// `kHoldBytes` wait; the next write then completes only when the bytes before it are on their
// way, so a reader that does not read still holds its writer back (and the session's bounded
// send queue still fills). Reads pass straight through. All calls on the stream's executor
// (the session's strand). The owner given to `keep_alive_with` is kept alive while a write is
// on the wire, so that the write never completes into a destroyed layer.
template <class NextLayer>
class CoalescingStream {
 public:
  using executor_type = typename NextLayer::executor_type;
  using next_layer_type = NextLayer;
  static constexpr std::size_t kHoldBytes = 64 * 1024;

  explicit CoalescingStream(NextLayer&& next) : next_(std::move(next)) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  NextLayer& next_layer() noexcept { return next_; }
  const NextLayer& next_layer() const noexcept { return next_; }

  // The object that owns this layer (the WebSocket session), held while a write is pending.
  void keep_alive_with(std::weak_ptr<void> owner) { owner_ = std::move(owner); }

  // Whether the layer above has more frames queued right behind the next one: while it has, a
  // write only adds to the pending bytes (up to `kHoldBytes`), so that a burst of frames leaves
  // in one system call. The next write made without it (or a flush) sends them all.
  void expect_more(bool more) { more_coming_ = more; }

  template <class MutableBufferSequence, class ReadToken>
  auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
    return next_.async_read_some(buffers, std::forward<ReadToken>(token));
  }

  template <class ConstBufferSequence, class WriteToken>
  auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
    return boost::asio::async_initiate<WriteToken, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, const ConstBufferSequence& b) { write_some(b, std::move(handler)); },
        token, buffers);
  }

  // Completes once every byte written so far is on its way (or the stream failed).
  template <class Handler>
  void async_flush(Handler&& handler) {
    more_coming_ = false;
    send();
    if (error_ || (!sending_ && pending_.empty())) {
      complete(std::forward<Handler>(handler), error_);
      return;
    }
    assert(!flushed_);
    HeldFlush(std::forward<Handler>(handler)).swap(flushed_);
  }

 private:
  // Never move-assigned: Boost 1.81's move assignment wraps the handler in itself endlessly.
  using HeldWrite =
      boost::asio::any_completion_handler<void(boost::beast::error_code, std::size_t)>;
  using HeldFlush = boost::asio::any_completion_handler<void(boost::beast::error_code)>;

  template <class Handler, class... Args>
  void complete(Handler&& handler, Args... args) {
    auto ex = boost::asio::get_associated_executor(handler, get_executor());
    boost::asio::post(ex,
                      boost::beast::bind_front_handler(std::forward<Handler>(handler), args...));
  }

  // A handler held back in a member: run on this stream's executor, which is the one the layer
  // above asked for.
  template <class Held, class... Args>
  void complete_held(Held& held, Args... args) {
    boost::asio::post(get_executor(),
                      [h = std::move(held), args...]() mutable { std::move(h)(args...); });
    held = nullptr;
  }

  template <class ConstBufferSequence, class Handler>
  void write_some(const ConstBufferSequence& buffers, Handler&& handler) {
    if (error_) {
      complete(std::forward<Handler>(handler), error_, std::size_t{0});
      return;
    }
    const std::size_t bytes = boost::asio::buffer_size(buffers);
    if (pending_.size() >= kHoldBytes) {
      // Wait for the write on the wire; the caller keeps `buffers` alive until completion.
      assert(!held_);
      held_bytes_.assign(boost::asio::buffer_sequence_begin(buffers),
                         boost::asio::buffer_sequence_end(buffers));
      HeldWrite(std::forward<Handler>(handler)).swap(held_);
      return;
    }
    append(buffers);
    send_when_due();
    complete(std::forward<Handler>(handler), boost::beast::error_code{}, bytes);
  }

  template <class ConstBufferSequence>
  void append(const ConstBufferSequence& buffers) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      const boost::asio::const_buffer b(*it);
      pending_.append(static_cast<const char*>(b.data()), b.size());
    }
  }

  // Sends what is pending unless more frames are expected right behind it and there is room.
  void send_when_due() {
    if (!more_coming_ || pending_.size() >= kHoldBytes) send();
  }

  void send() {
    if (sending_ || pending_.empty()) return;
    auto owner = owner_.lock();
    sending_ = true;
    wire_.swap(pending_);
    boost::asio::async_write(
        next_, boost::asio::buffer(wire_),
        [this, owner](boost::beast::error_code ec, std::size_t) { on_sent(ec); });
  }

  void on_sent(boost::beast::error_code ec) {
    sending_ = false;
    wire_.clear();
    // A burst leaves a large buffer behind: idle sockets should not keep it.
    if (wire_.capacity() > kHoldBytes) std::string().swap(wire_);
    if (ec) error_ = ec;
    if (held_) {
      if (error_) {
        complete_held(held_, error_, std::size_t{0});
      } else {
        const std::size_t bytes = boost::asio::buffer_size(held_bytes_);
        append(held_bytes_);
        complete_held(held_, boost::beast::error_code{}, bytes);
      }
      held_bytes_.clear();
    }
    if (!error_) send_when_due();
    if (flushed_ && (error_ || (!sending_ && pending_.empty()))) {
      complete_held(flushed_, error_);
    }
  }

  NextLayer next_;
  std::weak_ptr<void> owner_;
  std::string pending_;  // written by the layer above, not yet on the wire
  std::string wire_;     // on the wire
  bool sending_ = false;
  bool more_coming_ = false;
  boost::beast::error_code error_;
  HeldWrite held_;  // a write waiting for room
  std::vector<boost::asio::const_buffer> held_bytes_;
  HeldFlush flushed_;
};

// The WebSocket close handshake ends with a teardown of the layer below: the frames still
// pending (the close frame among them) are sent first.
template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, CoalescingStream<NextLayer>& stream,
                    TeardownHandler&& handler) {
  stream.async_flush([role, &stream, handler = std::forward<TeardownHandler>(handler)](
                         boost::beast::error_code) mutable {
    using boost::beast::websocket::async_teardown;
    async_teardown(role, stream.next_layer(), std::move(handler));
  });
}

// Synchronous teardown (not used by the server, required by the WebSocket stream's interface).
template <class NextLayer>
void teardown(boost::beast::role_type role, CoalescingStream<NextLayer>& stream,
              boost::beast::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, stream.next_layer(), ec);
}

}  // namespace kefu::net
