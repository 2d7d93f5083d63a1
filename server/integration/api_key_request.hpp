#pragma once

#include <boost/json/object.hpp>
#include <cstdint>

#include "server/integration/api_keys.hpp"

namespace kefu::integration {

// Requests a key may make per minute when the admin names no rate, and the most one may allow.
inline constexpr std::int64_t kDefaultRatePerMinute = 120;
inline constexpr std::int64_t kMaxRatePerMinute = 10000;
// The longest key name, in bytes.
inline constexpr std::size_t kMaxKeyNameBytes = 100;

// Reads an admin's {"name":string,"scopes":[string,...],"rate_per_minute"?:integer} into a
// NewApiKey made by `created_by`. The name is trimmed and must be 1..kMaxKeyNameBytes bytes
// without control characters; scopes must be a non-empty array of distinct known scope names;
// the rate 1..kMaxRatePerMinute. Any other member is refused. Throws InvalidApiKeyRequest with
// bad_request, bad_name, no_scopes, unknown_scope, duplicate_scope or bad_rate.
NewApiKey read_new_api_key(const boost::json::object& body, std::int64_t created_by);

}  // namespace kefu::integration
