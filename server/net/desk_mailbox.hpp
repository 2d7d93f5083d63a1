#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <functional>

#include "server/net/burst_inbox.hpp"

namespace kefu::net {

// Hands work from other threads (the store's writer reporting a group commit, one completion
// per write) to the desk strand, many at a time: the first item posts one handler to the strand,
// and the items that arrive before it runs join it. A group of hundreds of completions then
// costs one strand post and one thread wake-up instead of one each, and the desk answers the
// whole group in one turn, so each socket's frames leave together (WebSocketSession). Items run
// in the order they were handed over. post() may be called from any thread.
class DeskMailbox {
 public:
  explicit DeskMailbox(boost::asio::strand<boost::asio::io_context::executor_type>& desk);
  DeskMailbox(const DeskMailbox&) = delete;
  DeskMailbox& operator=(const DeskMailbox&) = delete;

  void post(std::function<void()> item);

 private:
  boost::asio::strand<boost::asio::io_context::executor_type>& desk_;
  BurstInbox<std::function<void()>> inbox_;
};

}  // namespace kefu::net
