#include "knowledge_base/eval_set.hpp"

#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include "knowledge_base/csv_table.hpp"

namespace kefu::kb {
namespace {

std::size_t either_column(const CsvTable& t, const char* a, const char* b) {
  for (std::size_t i = 0; i < t.header().size(); ++i) {
    if (t.header()[i] == a || t.header()[i] == b) return i;
  }
  throw std::invalid_argument(std::string("CSV has neither column '") + a + "' nor '" + b + "'");
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

EvalSet EvalSet::read(const std::string& articles_csv, const std::string& queries_csv) {
  EvalSet set;
  const CsvTable articles = CsvTable::read_file(articles_csv);
  const std::size_t id = articles.column("id");
  const std::size_t title = articles.column("title");
  const std::size_t body = articles.column("body");
  std::set<std::string> ids;
  for (const auto& row : articles.rows()) {
    if (row[id].empty()) throw std::invalid_argument(articles_csv + ": an article has no id");
    if (!ids.insert(row[id]).second) {
      throw std::invalid_argument(articles_csv + ": article id '" + row[id] + "' appears twice");
    }
    set.articles.push_back({row[id], row[title], row[body]});
  }
  const CsvTable queries = CsvTable::read_file(queries_csv);
  const std::size_t text = queries.column("query");
  const std::size_t answer = queries.column("article_id");
  for (const auto& row : queries.rows()) {
    if (!row[answer].empty() && ids.count(row[answer]) == 0) {
      throw std::invalid_argument(queries_csv + ": query names unknown article '" + row[answer] +
                                  "'");
    }
    set.queries.push_back({row[text], row[answer]});
  }
  return set;
}

EvalSet EvalSet::from_intents(const std::string& train_csv, const std::string& test_csv,
                              const std::string& no_answer_label) {
  EvalSet set;
  const CsvTable train = CsvTable::read_file(train_csv);
  const std::size_t text = either_column(train, "text", "sentence");
  const std::size_t label = either_column(train, "category", "label");
  std::map<std::string, std::size_t> index;
  for (const auto& row : train.rows()) {
    if (row[label] == no_answer_label || row[label].empty()) continue;
    auto [it, added] = index.emplace(row[label], set.articles.size());
    if (added) {
      std::string title = row[label];
      for (char& c : title) {
        if (c == '_') c = ' ';
      }
      set.articles.push_back({row[label], title, ""});
    }
    std::string& body = set.articles[it->second].body;
    if (!body.empty()) body += '\n';
    body += row[text];
  }
  const CsvTable test = CsvTable::read_file(test_csv);
  const std::size_t query = either_column(test, "text", "sentence");
  const std::size_t answer = either_column(test, "category", "label");
  for (const auto& row : test.rows()) {
    const bool none = row[answer] == no_answer_label || row[answer].empty();
    if (!none && index.count(row[answer]) == 0) {
      throw std::invalid_argument(test_csv + ": label '" + row[answer] + "' is not in training");
    }
    set.queries.push_back({row[query], none ? std::string() : row[answer]});
  }
  return set;
}

void EvalSet::write(const std::string& articles_csv, const std::string& queries_csv) const {
  std::ofstream a(articles_csv, std::ios::binary | std::ios::trunc);
  a << "id,title,body\r\n";
  for (const Article& x : articles) {
    a << csv_field(x.id) << ',' << csv_field(x.title) << ',' << csv_field(x.body) << "\r\n";
  }
  std::ofstream q(queries_csv, std::ios::binary | std::ios::trunc);
  q << "query,article_id\r\n";
  for (const Query& x : queries) q << csv_field(x.text) << ',' << csv_field(x.article_id) << "\r\n";
  if (!a || !q) throw std::runtime_error("cannot write " + articles_csv + " or " + queries_csv);
}

}  // namespace kefu::kb
