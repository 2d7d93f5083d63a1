#include "tests/support/openapi_check.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace kefu::testing {
namespace json = boost::json;

namespace {

bool has_type(const json::value& v, std::string_view type) {
  if (type == "null") return v.is_null();
  if (type == "boolean") return v.is_bool();
  if (type == "string") return v.is_string();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "integer") return v.is_int64() || v.is_uint64();
  if (type == "number") return v.is_int64() || v.is_uint64() || v.is_double();
  return false;
}

double number(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  return v.as_double();
}

bool same(const json::value& a, const json::value& b) {
  if ((a.is_int64() || a.is_uint64() || a.is_double()) &&
      (b.is_int64() || b.is_uint64() || b.is_double())) {
    return number(a) == number(b);
  }
  return a == b;
}

}  // namespace

OpenApi::OpenApi(const std::string& json_path) {
  std::ifstream in(json_path);
  if (!in) throw std::runtime_error("cannot read " + json_path);
  std::stringstream text;
  text << in.rdbuf();
  document_ = json::parse(text.str());
}

const json::value& OpenApi::resolve(const json::value& v) const {
  const json::value* at = &v;
  for (int depth = 0; depth < 10 && at->is_object() && at->as_object().contains("$ref"); ++depth) {
    std::string ref(at->at("$ref").as_string());
    if (!ref.starts_with("#/")) throw std::runtime_error("only local $ref: " + ref);
    at = &document_.at_pointer(ref.substr(1));
  }
  return *at;
}

std::vector<std::pair<std::string, std::string>> OpenApi::operations() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [path, item] : document_.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters") continue;
      std::string upper(method);
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      out.emplace_back(upper, std::string(path));
    }
  }
  return out;
}

std::vector<std::string> OpenApi::check_response(const std::string& method, const std::string& path,
                                                 int status, const std::string& body) const {
  std::string lower(method);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  const std::string where = method + " " + path + " " + std::to_string(status);
  const auto* item = document_.at("paths").as_object().if_contains(path);
  if (item == nullptr || !item->as_object().contains(lower)) return {where + ": not documented"};
  const auto* response =
      item->at(lower).at("responses").as_object().if_contains(std::to_string(status));
  if (response == nullptr) return {where + ": status not documented"};
  const auto& schema = resolve(*response).at("content").at("application/json").at("schema");
  json::error_code ec;
  const auto instance = json::parse(body, ec);
  if (ec) return {where + ": not JSON: " + body.substr(0, 200)};
  return check(instance, schema, where);
}

std::vector<std::string> OpenApi::check(const json::value& instance, const json::value& schema,
                                        const std::string& where) const {
  std::vector<std::string> problems;
  check_into(instance, schema, where, problems);
  return problems;
}

void OpenApi::check_into(const json::value& instance, const json::value& raw,
                         const std::string& where, std::vector<std::string>& problems) const {
  const auto& schema = resolve(raw);
  if (!schema.is_object()) return;
  const auto& s = schema.as_object();
  if (const auto* all = s.if_contains("allOf")) {
    for (const auto& part : all->as_array()) check_into(instance, part, where, problems);
  }
  if (const auto* type = s.if_contains("type")) {
    bool ok = false;
    if (type->is_string()) {
      ok = has_type(instance, type->as_string());
    } else {
      for (const auto& t : type->as_array()) ok = ok || has_type(instance, t.as_string());
    }
    if (!ok) {
      problems.push_back(where + ": " + json::serialize(instance).substr(0, 80) +
                         " is not of type " + json::serialize(*type));
      return;
    }
  }
  if (const auto* choices = s.if_contains("enum")) {
    const auto& list = choices->as_array();
    if (std::none_of(list.begin(), list.end(),
                     [&](const json::value& c) { return same(c, instance); })) {
      problems.push_back(where + ": " + json::serialize(instance) + " is not one of " +
                         json::serialize(*choices));
    }
  }
  if (const auto* constant = s.if_contains("const"); constant && !same(*constant, instance)) {
    problems.push_back(where + ": is not " + json::serialize(*constant));
  }
  if (instance.is_string()) {
    if (const auto* pattern = s.if_contains("pattern")) {
      if (!std::regex_search(std::string(instance.as_string()),
                             std::regex(std::string(pattern->as_string())))) {
        problems.push_back(where + ": does not match " + std::string(pattern->as_string()));
      }
    }
  }
  if (instance.is_int64() || instance.is_uint64() || instance.is_double()) {
    if (const auto* min = s.if_contains("minimum"); min && number(instance) < number(*min)) {
      problems.push_back(where + ": below " + json::serialize(*min));
    }
    if (const auto* max = s.if_contains("maximum"); max && number(instance) > number(*max)) {
      problems.push_back(where + ": above " + json::serialize(*max));
    }
  }
  if (instance.is_array()) {
    if (const auto* items = s.if_contains("items")) {
      const auto& list = instance.as_array();
      for (std::size_t i = 0; i < list.size(); ++i) {
        check_into(list[i], *items, where + "[" + std::to_string(i) + "]", problems);
      }
    }
  }
  if (instance.is_object()) {
    const auto& object = instance.as_object();
    if (const auto* required = s.if_contains("required")) {
      for (const auto& name : required->as_array()) {
        if (!object.contains(name.as_string())) {
          problems.push_back(where + ": lacks " + std::string(name.as_string()));
        }
      }
    }
    const auto* properties = s.if_contains("properties");
    const auto* additional = s.if_contains("additionalProperties");
    // allOf parts' properties count as known for additionalProperties: false.
    auto known = [&](std::string_view name) {
      if (properties && properties->as_object().contains(name)) return true;
      if (const auto* all = s.if_contains("allOf")) {
        for (const auto& part : all->as_array()) {
          const auto* p = resolve(part).as_object().if_contains("properties");
          if (p && p->as_object().contains(name)) return true;
        }
      }
      return false;
    };
    for (const auto& [name, value] : object) {
      const std::string at = where + "." + std::string(name);
      if (properties && properties->as_object().contains(name)) {
        check_into(value, properties->at(name), at, problems);
      } else if (additional && additional->is_bool() && !additional->as_bool() && !known(name)) {
        problems.push_back(at + ": not documented");
      } else if (additional && additional->is_object()) {
        check_into(value, *additional, at, problems);
      }
    }
  }
}

std::vector<OpenApi::Example> OpenApi::examples() const {
  std::vector<Example> out;
  auto collect = [&](const std::string& name, const json::value& content) {
    const auto* media = content.as_object().if_contains("application/json");
    if (media == nullptr) return;
    const auto& schema = media->at("schema");
    if (const auto* one = media->as_object().if_contains("example")) {
      out.push_back({name, *one, schema});
    }
    if (const auto* many = media->as_object().if_contains("examples")) {
      for (const auto& [key, e] : many->as_object()) {
        out.push_back({name + " (" + std::string(key) + ")", e.at("value"), schema});
      }
    }
  };
  for (const auto& [path, item] : document_.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters") continue;
      const std::string name = std::string(method) + " " + std::string(path);
      if (const auto* body = operation.as_object().if_contains("requestBody")) {
        collect(name + " request", resolve(*body).at("content"));
      }
      for (const auto& [status, response] : operation.at("responses").as_object()) {
        const auto& r = resolve(response);
        if (const auto* content = r.as_object().if_contains("content")) {
          collect(name + " " + std::string(status), *content);
        }
      }
    }
  }
  return out;
}

}  // namespace kefu::testing
