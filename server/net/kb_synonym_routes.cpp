#include "server/net/kb_synonym_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <iostream>
#include <stdexcept>

#include "server/net/api_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kCollection = "/api/kb/synonyms";
constexpr std::size_t kMostWords = 20;
constexpr std::size_t kLongestWordBytes = 60;

// A group the synonym rules reject: 400 {"error":"invalid_synonyms","message":...}.
struct InvalidSynonyms : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct NotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

json::array words_json(const std::vector<std::string>& words) {
  json::array out;
  for (const auto& w : words) out.emplace_back(w);
  return out;
}

// The words of a POST body {"words":["包邮","免运"]}: 2–20 strings of 1–60 bytes without commas.
std::vector<std::string> read_words(const std::string& body) {
  json::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) throw InvalidSynonyms("the body must be a JSON object");
  const json::object& o = v.as_object();
  for (const auto& member : o) {
    if (member.key() != "words") {
      throw InvalidSynonyms("unknown field " + std::string(member.key()));
    }
  }
  const json::value* words = o.if_contains("words");
  if (words == nullptr || !words->is_array()) {
    throw InvalidSynonyms("words must be an array of strings");
  }
  std::vector<std::string> out;
  for (const json::value& w : words->as_array()) {
    if (!w.is_string()) throw InvalidSynonyms("words must be an array of strings");
    std::string word(w.as_string());
    if (word.empty() || word.size() > kLongestWordBytes) {
      throw InvalidSynonyms("a word has 1 to 60 bytes");
    }
    if (word.find(',') != std::string::npos) throw InvalidSynonyms("a word has a comma");
    out.push_back(std::move(word));
  }
  if (out.size() < 2 || out.size() > kMostWords) {
    throw InvalidSynonyms("a group has 2 to 20 words");
  }
  return out;
}

// Runs `work` on the back office (reads guarded, writes in one write transaction) and turns
// the synonym errors into their replies.
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
      reply(error_response(req, 404, "not_found", "no such synonym group"));
    } catch (const std::invalid_argument& bad) {
      reply(error_response(req, 400, "invalid_synonyms", bad.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

}  // namespace

bool handle_kb_synonym_api(Request& req, ServerState& state, Reply& reply) {
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
  if (rest.empty() || rest == "/") {
    if (req.method() == http::verb::get) {
      on_knowledge_base(state, req, reply, [req](BackOffice& office) {
        json::array built_in;
        for (const auto& group : kb::KnowledgeBase::built_in_synonyms()) {
          built_in.push_back(words_json(group));
        }
        json::array added;
        for (const auto& group : office.knowledge_base().added_synonyms()) {
          added.push_back(json::object{{"id", group.id}, {"words", words_json(group.words)}});
        }
        return json_response(
            req, 200, json::serialize(json::object{{"built_in", built_in}, {"groups", added}}));
      });
    } else if (req.method() == http::verb::post) {
      on_knowledge_base(state, req, reply, [req](BackOffice& office) {
        const std::vector<std::string> words = read_words(req.body());
        const std::int64_t id = office.knowledge_base().add_synonyms(words);
        return json_response(
            req, 201, json::serialize(json::object{{"id", id}, {"words", words_json(words)}}));
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
    reply(error_response(req, 404, "not_found", "no such synonym group"));
    return true;
  }
  if (req.method() != http::verb::delete_) {
    reply(error_response(req, 405, "method_not_allowed", "DELETE"));
    return true;
  }
  on_knowledge_base(state, req, reply, [req, id](BackOffice& office) {
    if (!office.knowledge_base().remove_synonyms(id)) throw NotFound("no synonym group");
    return json_response(req, 204, "");
  });
  return true;
}

}  // namespace kefu::net
