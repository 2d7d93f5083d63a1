#include "server/net/desk_mailbox.hpp"

#include <boost/asio/post.hpp>

namespace kefu::net {

DeskMailbox::DeskMailbox(boost::asio::strand<boost::asio::io_context::executor_type>& desk)
    : desk_(desk) {}

void DeskMailbox::post(std::function<void()> item) {
  if (!inbox_.add(std::move(item))) return;  // its run is already on its way
  boost::asio::post(desk_, [this] { inbox_.take([](std::function<void()>& f) { f(); }); });
}

}  // namespace kefu::net
