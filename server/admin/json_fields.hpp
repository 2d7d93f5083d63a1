#pragma once

#include <boost/json/object.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace kefu::admin::fields {

// Small readers of a JSON object's fields for the admin's configuration documents. Each throws
// SetupInputError("bad_request") naming the field when its type is wrong; a missing field gives
// the fallback.

// Refuses any key not in `known`.
void only(const boost::json::object& o, std::initializer_list<std::string_view> known);
std::string text(const boost::json::object& o, std::string_view key, std::string fallback = {},
                 std::size_t most_bytes = 1024);
std::vector<std::string> texts(const boost::json::object& o, std::string_view key);
std::int64_t whole(const boost::json::object& o, std::string_view key, std::int64_t fallback);
bool flag(const boost::json::object& o, std::string_view key, bool fallback);
const boost::json::object& object(const boost::json::value& v, std::string_view what);
const boost::json::array& array(const boost::json::object& o, std::string_view key);

}  // namespace kefu::admin::fields
