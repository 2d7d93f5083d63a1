#include "server/integration/api_key_request.hpp"

#include <boost/json.hpp>

#include "server/integration/errors.hpp"

namespace kefu::integration {
namespace json = boost::json;

namespace {

std::string trimmed_name(const json::value* value) {
  if (value == nullptr || !value->is_string())
    throw InvalidApiKeyRequest("bad_name", "name must be a string");
  std::string name(value->get_string());
  const auto first = name.find_first_not_of(" \t");
  const auto last = name.find_last_not_of(" \t");
  name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
  if (name.empty() || name.size() > kMaxKeyNameBytes)
    throw InvalidApiKeyRequest(
        "bad_name", "name must have 1 to " + std::to_string(kMaxKeyNameBytes) + " bytes");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f)
      throw InvalidApiKeyRequest("bad_name", "name may not hold control characters");
  }
  return name;
}

std::set<ApiScope> scope_set(const json::value* value) {
  if (value == nullptr || !value->is_array())
    throw InvalidApiKeyRequest("no_scopes", "scopes must be an array of scope names");
  const json::array& names = value->get_array();
  if (names.empty()) throw InvalidApiKeyRequest("no_scopes", "give at least one scope");
  std::set<ApiScope> scopes;
  for (const json::value& name : names) {
    if (!name.is_string()) throw InvalidApiKeyRequest("unknown_scope", "a scope is a string");
    auto scope = scope_from_string(name.get_string());
    if (!scope)
      throw InvalidApiKeyRequest("unknown_scope",
                                 "unknown scope \"" + std::string(name.get_string()) + "\"");
    if (!scopes.insert(*scope).second)
      throw InvalidApiKeyRequest("duplicate_scope",
                                 "scope \"" + std::string(name.get_string()) + "\" given twice");
  }
  return scopes;
}

std::int64_t rate(const json::value* value) {
  if (value == nullptr) return kDefaultRatePerMinute;
  if (!value->is_int64() && !value->is_uint64())
    throw InvalidApiKeyRequest("bad_rate", "rate_per_minute must be a whole number");
  const bool in_range = value->is_int64()
                            ? value->get_int64() >= 1 && value->get_int64() <= kMaxRatePerMinute
                            : false;
  if (!in_range)
    throw InvalidApiKeyRequest("bad_rate",
                               "rate_per_minute must be 1 to " + std::to_string(kMaxRatePerMinute));
  return value->get_int64();
}

}  // namespace

NewApiKey read_new_api_key(const json::object& body, std::int64_t created_by) {
  for (const auto& member : body) {
    const std::string_view key = member.key();
    if (key != "name" && key != "scopes" && key != "rate_per_minute")
      throw InvalidApiKeyRequest("bad_request", "unknown member \"" + std::string(key) + "\"");
  }
  NewApiKey request;
  request.name = trimmed_name(body.if_contains("name"));
  request.scopes = scope_set(body.if_contains("scopes"));
  request.rate_per_minute = rate(body.if_contains("rate_per_minute"));
  request.created_by = created_by;
  return request;
}

}  // namespace kefu::integration
