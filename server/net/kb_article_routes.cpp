#include "server/net/kb_article_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <iostream>
#include <stdexcept>

#include "server/json/strict_json.hpp"
#include "server/net/api_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kCollection = "/api/kb/articles";

// A request the article rules reject: 400 {"error":"invalid_article","field":...}.
struct InvalidArticle : std::invalid_argument {
  InvalidArticle(std::string field_name, const std::string& message)
      : std::invalid_argument(message), field(std::move(field_name)) {}
  std::string field;
};

struct NotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Response invalid(const Request& req, const std::string& field, std::string_view message) {
  return json_response(req, 400,
                       json::serialize(json::object{
                           {"error", "invalid_article"}, {"field", field}, {"message", message}}));
}

json::object article_json(const kb::Article& a) {
  json::array tags;
  for (const auto& t : a.tags) tags.emplace_back(t);
  return {{"id", a.id},
          {"slug", a.slug},
          {"title", a.title},
          {"body", a.body},
          {"tags", tags},
          {"locale", a.locale},
          {"status", kb::to_string(a.status)},
          {"version", a.version},
          {"created_at", a.created_at},
          {"updated_at", a.updated_at}};
}

std::string string_member(const json::object& o, const char* key, bool required) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) {
    if (required) throw InvalidArticle(key, std::string(key) + " is missing");
    return {};
  }
  if (!v->is_string()) throw InvalidArticle(key, std::string(key) + " must be a string");
  return std::string(v->as_string());
}

// The article in a POST or PUT body, and the status it asks for (none: leave it).
struct ArticleRequest {
  kb::ArticleDraft draft;
  std::optional<kb::ArticleStatus> status;
};

ArticleRequest read_article(const std::string& body) {
  json::error_code ec;
  json::value v = parse_strict_json(body, ec);
  if (ec || !v.is_object()) throw InvalidArticle("", "the body must be a JSON object");
  const json::object& o = v.as_object();
  for (const auto& member : o) {
    const std::string_view key = member.key();
    if (key != "title" && key != "body" && key != "locale" && key != "tags" && key != "slug" &&
        key != "status") {
      throw InvalidArticle(std::string(key), "unknown field " + std::string(key));
    }
  }
  ArticleRequest r;
  r.draft.title = string_member(o, "title", true);
  r.draft.body = string_member(o, "body", false);
  r.draft.locale = string_member(o, "locale", true);
  r.draft.slug = string_member(o, "slug", false);
  if (const json::value* tags = o.if_contains("tags")) {
    if (!tags->is_array()) throw InvalidArticle("tags", "tags must be an array of strings");
    for (const json::value& t : tags->as_array()) {
      if (!t.is_string()) throw InvalidArticle("tags", "tags must be an array of strings");
      r.draft.tags.emplace_back(t.as_string());
    }
  }
  if (o.contains("status")) {
    try {
      r.status = kb::parse_status(string_member(o, "status", true));
    } catch (const std::invalid_argument& e) {
      throw InvalidArticle("status", e.what());
    }
  }
  try {
    kb::validate(r.draft);
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    std::string field = "tags";
    for (const char* name : {"slug", "title", "body", "locale"}) {
      if (message.rfind(name, 0) == 0) field = name;
    }
    throw InvalidArticle(field, message);
  }
  return r;
}

void apply_status(kb::KnowledgeBase& kb, std::int64_t id, std::optional<kb::ArticleStatus> status,
                  std::int64_t now) {
  if (status == kb::ArticleStatus::kPublished) kb.publish(id, now);
  if (status == kb::ArticleStatus::kDraft) kb.unpublish(id, now);
}

// Runs `work` on the back office (reads guarded, writes in one write transaction) and turns the
// article errors into their replies.
template <typename Work>
void on_knowledge_base(ServerState& state, const Request& req, const Reply& reply, Work work) {
  asio::post(state.back_office_strand(), [&state, req, reply, work = std::move(work)]() mutable {
    try {
      if (req.method() == http::verb::get) {
        reply(state.back_office().guarded(work));
      } else {
        reply(state.back_office().in_write_transaction(work));
        state.prepare_kb_search_soon();
      }
    } catch (const NotFound&) {
      reply(error_response(req, 404, "not_found", "no such article"));
    } catch (const InvalidArticle& bad) {
      reply(invalid(req, bad.field, bad.what()));
    } catch (const std::invalid_argument& bad) {
      const std::string message = bad.what();
      if (message.find("already in use") != std::string::npos) {
        reply(error_response(req, 409, "slug_taken", message));
      } else {
        reply(invalid(req, "", message));
      }
    } catch (const std::exception& failure) {
      std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

}  // namespace

bool handle_kb_article_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path.rfind(kCollection, 0) != 0) return false;
  const std::string rest = path.substr(kCollection.size());
  if (!rest.empty() && rest.front() != '/') return false;
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  if (staff->user.role != store::Role::admin) {
    reply(error_response(req, 403, "forbidden", "only admins edit the knowledge base"));
    return true;
  }
  const std::string author = staff->user.login;
  const std::int64_t now = state.clock().now_ms();
  if (rest.empty() || rest == "/") {
    if (req.method() == http::verb::get) {
      std::optional<kb::ArticleStatus> status;
      if (auto url = boost::urls::parse_origin_form(target)) {
        auto params = url->params();
        if (auto it = params.find("status"); it != params.end()) {
          try {
            status = kb::parse_status(std::string((*it).value));
          } catch (const std::invalid_argument& e) {
            reply(error_response(req, 400, "bad_request", e.what()));
            return true;
          }
        }
      }
      on_knowledge_base(state, req, reply, [req, status](BackOffice& office) {
        json::array out;
        for (const auto& a : office.knowledge_base().list(status)) out.push_back(article_json(a));
        return json_response(req, 200, json::serialize(json::object{{"articles", out}}));
      });
    } else if (req.method() == http::verb::post) {
      on_knowledge_base(state, req, reply, [req, author, now](BackOffice& office) {
        const ArticleRequest r = read_article(req.body());
        kb::KnowledgeBase& kb = office.knowledge_base();
        const std::int64_t id = kb.create(r.draft, author, now);
        apply_status(kb, id, r.status, now);
        return json_response(req, 201, json::serialize(article_json(*kb.get(id))));
      });
    } else {
      reply(error_response(req, 405, "method_not_allowed", "GET or POST"));
    }
    return true;
  }
  std::int64_t id = 0;
  const std::string digits = rest.substr(1);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) {
    reply(error_response(req, 404, "not_found", "no such article"));
    return true;
  }
  auto find = [id](kb::KnowledgeBase& kb) {
    auto a = kb.get(id);
    if (!a) throw NotFound("no article");
    return *a;
  };
  switch (req.method()) {
    case http::verb::get:
      on_knowledge_base(state, req, reply, [req, id, find](BackOffice& office) {
        kb::KnowledgeBase& kb = office.knowledge_base();
        json::object o = article_json(find(kb));
        json::array versions;
        for (const auto& v : kb.versions(id)) {
          versions.push_back(json::object{
              {"version", v.version}, {"author", v.author}, {"created_at", v.created_at}});
        }
        o["versions"] = std::move(versions);
        return json_response(req, 200, json::serialize(o));
      });
      return true;
    case http::verb::put:
      on_knowledge_base(state, req, reply, [req, id, find, author, now](BackOffice& office) {
        kb::KnowledgeBase& kb = office.knowledge_base();
        find(kb);
        const ArticleRequest r = read_article(req.body());
        kb.update(id, r.draft, author, now);
        apply_status(kb, id, r.status, now);
        return json_response(req, 200, json::serialize(article_json(find(kb))));
      });
      return true;
    case http::verb::delete_:
      on_knowledge_base(state, req, reply, [req, id, find](BackOffice& office) {
        kb::KnowledgeBase& kb = office.knowledge_base();
        find(kb);
        kb.remove(id);
        return json_response(req, 204, "");
      });
      return true;
    default:
      reply(error_response(req, 405, "method_not_allowed", "GET, PUT or DELETE"));
      return true;
  }
}

}  // namespace kefu::net
