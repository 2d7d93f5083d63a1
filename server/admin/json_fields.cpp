#include "server/admin/json_fields.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "server/admin/setup_errors.hpp"

namespace kefu::admin::fields {
namespace json = boost::json;

namespace {

[[noreturn]] void wrong(std::string_view key, std::string_view what) {
  throw SetupInputError("bad_request", std::string(key) + " must be " + std::string(what));
}

}  // namespace

void only(const json::object& o, std::initializer_list<std::string_view> known) {
  for (const auto& member : o) {
    if (std::find(known.begin(), known.end(), member.key()) == known.end()) {
      throw SetupInputError("bad_request", "unknown field " + std::string(member.key()));
    }
  }
}

std::string text(const json::object& o, std::string_view key, std::string fallback,
                 std::size_t most_bytes) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_string() || v->get_string().size() > most_bytes) wrong(key, "a short string");
  return std::string(v->get_string());
}

std::vector<std::string> texts(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return out;
  if (!v->is_array() || v->get_array().size() > 1000) wrong(key, "an array of strings");
  for (const auto& item : v->get_array()) {
    if (!item.is_string() || item.get_string().size() > 1024) wrong(key, "an array of strings");
    out.emplace_back(item.get_string());
  }
  return out;
}

std::int64_t whole(const json::object& o, std::string_view key, std::int64_t fallback) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_int64() || v->get_int64() < -1'000'000'000 || v->get_int64() > 1'000'000'000) {
    wrong(key, "a whole number");
  }
  return v->get_int64();
}

bool flag(const json::object& o, std::string_view key, bool fallback) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_bool()) wrong(key, "true or false");
  return v->get_bool();
}

const json::object& object(const json::value& v, std::string_view what) {
  if (!v.is_object()) wrong(what, "an object");
  return v.get_object();
}

const json::array& array(const json::object& o, std::string_view key) {
  static const json::array none;
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return none;
  if (!v->is_array()) wrong(key, "an array");
  return v->get_array();
}

}  // namespace kefu::admin::fields
