#pragma once

#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <string_view>

namespace kefu {

// The one parser for JSON that comes from outside the server: REST bodies, socket frames and the
// shop's order webhooks. It reads exactly what boost::json::parse reads (the same grammar, UTF-8
// check and depth limit from `options`), and refuses in addition any object, at any depth, that
// names the same key twice. boost::json::parse would keep the last of the duplicates, another
// parser (a proxy, the shop's own code) may keep the first: two readings of one body are how an
// authorisation check gets bypassed, so such a body is refused as malformed.
//
// Returns the value, or null with `ec` set: a Boost.JSON error for malformed text, or
// json_error::duplicate_key. Never throws for bad input. `memory` holds the returned value, as
// for boost::json::parse. Thread-safe (no shared state). Costs about one comparison of each key
// with the other keys of its object on top of boost::json::parse (docs/security/input.md).
boost::json::value parse_strict_json(std::string_view text, boost::json::error_code& ec,
                                     boost::json::storage_ptr memory = {},
                                     const boost::json::parse_options& options = {});

// The errors parse_strict_json adds to Boost.JSON's own.
enum class json_error { duplicate_key = 1 };

boost::json::error_code make_error_code(json_error e);

}  // namespace kefu

template <>
struct boost::system::is_error_code_enum<kefu::json_error> : std::true_type {};
