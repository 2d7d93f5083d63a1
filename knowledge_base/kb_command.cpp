#include "knowledge_base/kb_command.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iomanip>
#include <map>
#include <optional>
#include <stdexcept>

#include "knowledge_base/evaluation.hpp"
#include "knowledge_base/knowledge_base.hpp"

namespace kefu::kb {
namespace {

constexpr const char* kUsage =
    "usage: kefu kb eval --articles ARTICLES.csv --queries QUERIES.csv "
    "[--word-vectors PATH|none] [--learn-from QUERIES.csv [--learn-share 0..1]] [--misses "
    "OUT.txt]\n"
    "       kefu kb eval-data --train TRAIN.csv --test TEST.csv --articles OUT.csv "
    "--queries OUT.csv\n"
    "       kefu kb import DIR --db PATH [--author NAME]\n"
    "       kefu kb export DIR --db PATH\n"
    "       kefu kb search TEXT --db PATH [--locale zh|en] [--word-vectors PATH|none]\n"
    "--word-vectors: the English word vectors the search reads meaning from (default: "
    "$KEFU_WORD_VECTORS, else the file the build derives; none: letters only)\n"
    "--misses: writes to OUT.txt each answerable question whose article kefu's search did not "
    "rank first\n";

struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The command's words: one positional argument at most, and --name value options.
struct Arguments {
  std::string command;
  std::optional<std::string> positional;
  std::map<std::string, std::string> options;

  std::string required(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) throw UsageError("missing --" + name);
    return it->second;
  }
  std::string optional(const std::string& name, const std::string& fallback) const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

Arguments parse(const std::vector<std::string>& args, const std::vector<std::string>& allowed,
                bool wants_positional) {
  Arguments parsed;
  std::size_t i = !args.empty() && args[0] == "kb" ? 1 : 0;
  if (i >= args.size()) throw UsageError("missing command");
  parsed.command = args[i++];
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) == 0) {
      const std::string name = a.substr(2);
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        throw UsageError("unknown option " + a);
      }
      if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
      if (!parsed.options.emplace(name, args[++i]).second) throw UsageError(a + " given twice");
    } else if (wants_positional && !parsed.positional) {
      parsed.positional = a;
    } else {
      throw UsageError("unexpected argument '" + a + "'");
    }
  }
  if (wants_positional && !parsed.positional) throw UsageError("missing argument");
  return parsed;
}

std::string command_of(const std::vector<std::string>& args) {
  const std::size_t i = !args.empty() && args[0] == "kb" ? 1 : 0;
  return i < args.size() ? args[i] : "";
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string fixed(std::optional<double> v, int digits = 3) {
  if (!v) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, *v);
  return buf;
}

boost::json::value number(std::optional<double> v) {
  if (!v) return nullptr;
  return std::round(*v * 10000) / 10000;
}

boost::json::object figures_json(const EvalFigures& f) {
  return {{"r1", number(f.r1)},
          {"r5", number(f.r5)},
          {"mrr10", number(f.mrr10)},
          {"auto_precision", number(f.auto_precision)},
          {"auto_coverage", number(f.auto_coverage)},
          {"no_answer_handoff", number(f.no_answer_handoff)}};
}

// The word vectors a command's search reads: --word-vectors PATH (which must be one), `none`
// for letters only, or else the default file, skipped with a line saying so when it is missing.
std::shared_ptr<const WordVectors> word_vectors(const Arguments& a, std::ostream& out) {
  std::optional<std::string> given;
  if (const auto it = a.options.find("word-vectors"); it != a.options.end()) given = it->second;
  std::shared_ptr<const WordVectors> words = WordVectors::open(given);
  if (!words && !given) {
    out << "no word vectors (" << WordVectors::default_path()
        << " is missing: run scripts/install-deps, then build): searching by letters only\n";
  }
  return words;
}

// Each answerable question of `set` whose article the search (of every article, after `picks`)
// does not rank first: `miss <question> | want <id> (rank n or -) | got <id>`.
void list_misses(const EvalSet& set, const std::shared_ptr<const WordVectors>& words,
                 const std::vector<EvalSet::Query>& picks, std::ostream& out) {
  std::unique_ptr<Retriever> retriever = make_kefu_retriever(set.articles, words);
  for (const EvalSet::Query& pick : picks) retriever->learn(pick.text, pick.article_id);
  for (const EvalSet::Query& q : set.queries) {
    if (q.article_id.empty()) continue;
    const Ranking r = retriever->rank(q.text);
    if (!r.ids.empty() && r.ids[0] == q.article_id) continue;
    std::string rank = "-";
    for (std::size_t i = 0; i < r.ids.size(); ++i) {
      if (r.ids[i] == q.article_id) rank = std::to_string(i + 1);
    }
    out << "miss " << q.text << " | want " << q.article_id << " (rank " << rank << ") | got "
        << (r.ids.empty() ? std::string("-") : r.ids[0]) << "\n";
  }
}

int eval(const Arguments& a, std::ostream& out) {
  const EvalSet set = EvalSet::read(a.required("articles"), a.required("queries"));
  // Agents' picks replayed before the questions are asked (learned questions): an even share of
  // the answerable lines of --learn-from.
  std::vector<EvalSet::Query> picks;
  if (const auto from = a.options.find("learn-from"); from != a.options.end()) {
    double share = 1.0;
    if (const auto s = a.options.find("learn-share"); s != a.options.end()) {
      try {
        share = std::stod(s->second);
      } catch (const std::exception&) {
        throw UsageError("--learn-share must be a number from 0 to 1");
      }
      if (!(share >= 0 && share <= 1)) throw UsageError("--learn-share must be from 0 to 1");
    }
    const EvalSet lines = EvalSet::read(a.required("articles"), from->second);
    std::size_t answerable = 0;
    for (const EvalSet::Query& line : lines.queries) {
      if (line.article_id.empty()) continue;
      const auto taken = [&](std::size_t i) {
        return static_cast<std::size_t>(std::floor(static_cast<double>(i) * share));
      };
      if (taken(answerable + 1) > taken(answerable)) picks.push_back(line);
      ++answerable;
    }
    out << "replayed " << picks.size() << " of " << answerable
        << " answered lines as agents' picks\n";
  }
  const std::shared_ptr<const WordVectors> words = word_vectors(a, out);
  const EvalReport r = evaluate_both(set, words, picks);
  out << "articles " << r.articles << ", queries " << r.queries << " (" << r.answerable
      << " with an answer, " << (r.queries - r.answerable) << " without); " << r.calibration_queries
      << " calibration questions from the articles' own text\n";
  auto row = [&](const char* name, std::optional<double> ours, std::optional<double> base) {
    out << std::left << std::setw(34) << name << std::setw(10) << fixed(ours) << fixed(base)
        << "\n";
  };
  out << std::left << std::setw(34) << "" << std::setw(10) << "kefu"
      << "baseline\n";
  row("Recall@1", r.ours.r1, r.baseline.r1);
  row("Recall@5", r.ours.r5, r.baseline.r5);
  row("MRR@10", r.ours.mrr10, r.baseline.mrr10);
  row("auto-answer threshold (fitted)", r.ours.threshold, r.baseline.threshold);
  row("auto-answer precision", r.ours.auto_precision, r.baseline.auto_precision);
  row("auto-answer coverage", r.ours.auto_coverage, r.baseline.auto_coverage);
  row("no-answer handed to a person", r.ours.no_answer_handoff, r.baseline.no_answer_handoff);
  row("index build (ms)", r.ours.build_ms, r.baseline.build_ms);
  row("mean search (ms)", r.ours.query_ms, r.baseline.query_ms);
  out << "confidence weights (kefu):";
  for (double w : r.ours.weights) out << " " << fixed(w);
  out << "\n";
  if (const auto m = a.options.find("misses"); m != a.options.end()) {
    std::ofstream misses(m->second);
    if (!misses) throw std::runtime_error("cannot write " + m->second);
    list_misses(set, words, picks, misses);
  }
  boost::json::object json = figures_json(r.ours);
  json["baseline"] = figures_json(r.baseline);
  out << boost::json::serialize(json) << "\n";
  return 0;
}

int eval_data(const Arguments& a, std::ostream& out) {
  const EvalSet set = EvalSet::from_intents(a.required("train"), a.required("test"));
  set.write(a.required("articles"), a.required("queries"));
  out << "wrote " << set.articles.size() << " articles and " << set.queries.size() << " queries\n";
  return 0;
}

int import_dir(const Arguments& a, std::ostream& out) {
  SQLite::Database db(a.required("db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  KnowledgeBase kb(db);
  const ImportReport r =
      kb.import_markdown_dir(*a.positional, a.optional("author", "import"), now_ms());
  out << "imported " << *a.positional << ": " << r.created << " created, " << r.updated
      << " updated, " << r.unchanged << " unchanged\n";
  return 0;
}

int export_dir(const Arguments& a, std::ostream& out) {
  SQLite::Database db(a.required("db"), SQLite::OPEN_READWRITE);
  KnowledgeBase kb(db);
  out << "exported " << kb.export_markdown_dir(*a.positional) << " articles to " << *a.positional
      << "\n";
  return 0;
}

int search(const Arguments& a, std::ostream& out) {
  SQLite::Database db(a.required("db"), SQLite::OPEN_READWRITE);
  KnowledgeBase kb(db, word_vectors(a, out));
  SearchOptions options;
  options.mark_open = "[";
  options.mark_close = "]";
  if (a.options.count("locale")) options.locale = a.options.at("locale");
  const SearchResult r = kb.search(*a.positional, options);
  for (const SearchHit& h : r.hits) {
    out << std::fixed << std::setprecision(3) << h.score << "  " << h.slug << "  " << h.title
        << "\n    " << h.snippet << "\n";
  }
  out << "confidence " << fixed(r.confidence) << (r.auto_answer ? " (automatic answer)" : "")
      << "\n";
  return 0;
}

}  // namespace

int run_kb_command(const std::vector<std::string>& args, std::ostream& out) {
  try {
    const std::string command = command_of(args);
    if (command == "eval") {
      return eval(
          parse(args,
                {"articles", "queries", "word-vectors", "learn-from", "learn-share", "misses"},
                false),
          out);
    }
    if (command == "eval-data") {
      return eval_data(parse(args, {"train", "test", "articles", "queries"}, false), out);
    }
    if (command == "import") return import_dir(parse(args, {"db", "author"}, true), out);
    if (command == "export") return export_dir(parse(args, {"db"}, true), out);
    if (command == "search") {
      return search(parse(args, {"db", "locale", "word-vectors"}, true), out);
    }
    throw UsageError(command.empty() ? "missing command" : "unknown command '" + command + "'");
  } catch (const UsageError& e) {
    out << "error: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    out << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace kefu::kb
