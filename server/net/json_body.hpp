#pragma once

#include <boost/json/object.hpp>
#include <optional>

#include "server/net/http_types.hpp"

namespace kefu::net {

// The request's body as a JSON object, read by the strict parser (server/json/strict_json.hpp):
// nullopt when it is not JSON, not an object, or an object in it names a key twice. Every REST
// route that takes a JSON body reads it through this (or parse_strict_json itself when it
// words its refusal differently), so no route reads a body that another reads otherwise.
std::optional<boost::json::object> json_object_body(const Request& req);

}  // namespace kefu::net
