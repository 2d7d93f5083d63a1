#include "server/store/sql/postgres_connection.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <vector>

namespace kefu::sql {
namespace {

constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kFloat8 = 701;

// Throws the sql::Error for a failed result.
[[noreturn]] void fail(PGconn* conn, PGresult* result) {
  std::string message = result != nullptr ? PQresultErrorMessage(result) : "";
  if (message.empty()) message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state != nullptr ? state : "";
  Error::Kind kind = Error::Kind::other;
  if (sqlstate == "23505") {
    kind = Error::Kind::duplicate;
  } else if (sqlstate.starts_with("23")) {
    kind = Error::Kind::constraint;
  } else if (sqlstate.starts_with("40") || sqlstate == "55P03") {
    kind = Error::Kind::busy;
  }
  if (result != nullptr) PQclear(result);
  throw Error(kind, "postgresql: " + message);
}

bool succeeded(PGresult* result) {
  const auto status = PQresultStatus(result);
  return result != nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
}

class PostgresCursor final : public Cursor {
 public:
  PostgresCursor(PGconn* conn, std::string_view sql, DeskWriteFence& fence)
      : conn_(conn), fence_(fence), sql_(postgres_placeholders(sql, &parameters_)) {}

  void bind_null(int position) override { set(position, std::nullopt, 0); }
  void bind_int64(int position, std::int64_t value) override {
    set(position, std::to_string(value), kInt8);
  }
  void bind_real(int position, double value) override {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    set(position, std::string(text, end), kFloat8);
  }
  void bind_text(int position, std::string_view value) override {
    set(position, std::string(value), 0);
  }
  void clear_bindings() override {
    for (auto& v : values_) v.reset();
    for (auto& t : types_) t = 0;
    reset();
  }

  bool step() override {
    if (!result_) execute();
    if (row_ + 1 >= PQntuples(result_.get())) {
      row_ = PQntuples(result_.get());
      return false;
    }
    ++row_;
    return true;
  }
  int run() override {
    execute();
    const char* tuples = PQcmdTuples(result_.get());
    return tuples != nullptr && *tuples != '\0' ? std::atoi(tuples) : 0;
  }
  void reset() override {
    result_.reset();
    row_ = -1;
  }

  int column_count() const override {
    if (!result_) const_cast<PostgresCursor*>(this)->execute();
    return PQnfields(result_.get());
  }
  bool is_integer(int column) const override {
    const Oid type = PQftype(result_.get(), column);
    return !is_null(column) && (type == kInt8 || type == kInt4 || type == kInt2);
  }
  bool is_null(int column) const override { return PQgetisnull(result_.get(), row_, column) != 0; }
  std::int64_t int64(int column) const override {
    const std::string_view value = text(column);
    if (value.empty()) return 0;
    if (value == "t") return 1;
    if (value == "f") return 0;
    std::int64_t n = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (error == std::errc() && end == value.data() + value.size()) return n;
    return static_cast<std::int64_t>(std::trunc(real(column)));  // numeric, as SQLite casts
  }
  double real(int column) const override {
    const std::string_view value = text(column);
    if (value.empty() || value == "f") return 0;
    if (value == "t") return 1;
    return std::strtod(std::string(value).c_str(), nullptr);
  }
  std::string_view text(int column) const override {
    if (is_null(column)) return {};
    return std::string_view(PQgetvalue(result_.get(), row_, column),
                            static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
  }

 private:
  void set(int position, std::optional<std::string> value, Oid type) {
    if (position < 1) throw Error(Error::Kind::other, "postgresql: parameter positions start at 1");
    const auto index = static_cast<std::size_t>(position - 1);
    if (values_.size() <= index) {
      values_.resize(index + 1);
      types_.resize(index + 1, 0);
    }
    values_[index] = std::move(value);
    types_[index] = type;
  }

  void execute() {
    reset();
    // A parameter never bound is NULL, as in SQLite.
    if (values_.size() < static_cast<std::size_t>(parameters_)) {
      values_.resize(static_cast<std::size_t>(parameters_));
      types_.resize(static_cast<std::size_t>(parameters_), 0);
    }
    std::vector<const char*> values;
    values.reserve(values_.size());
    for (const auto& v : values_) values.push_back(v ? v->c_str() : nullptr);
    fence_.guard(sql_, [&] {
      PGresult* result = PQexecParams(conn_, sql_.c_str(), static_cast<int>(values.size()),
                                      types_.data(), values.data(), nullptr, nullptr, 0);
      if (!succeeded(result)) fail(conn_, result);
      result_.reset(result, &PQclear);
    });
  }

  PGconn* conn_;
  DeskWriteFence& fence_;
  int parameters_ = 0;  // the highest $n in sql_
  std::string sql_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  std::shared_ptr<PGresult> result_;
  int row_ = -1;
};

// The desk epoch the session carries (cluster::desk_connection_uri), 0 when none.
std::int64_t session_epoch(store::PgConnection& pg) {
  const auto result = pg.exec("SELECT current_setting('kefu.desk_epoch', true)");
  const std::string value = result.is_null(0, 0) ? "" : result.text(0, 0);
  std::int64_t epoch = 0;
  std::from_chars(value.data(), value.data() + value.size(), epoch);
  return epoch;
}

}  // namespace

PostgresConnection::PostgresConnection(const std::string& uri)
    : pg_(uri),
      fence_(
          session_epoch(pg_), [this](const std::string& sql) { send(sql); },
          [this] { return in_transaction(); }) {}

const Dialect& PostgresConnection::dialect() const {
  static const Dialect dialect{
      "CAST(floor(extract(epoch FROM clock_timestamp()) * 1000) AS bigint)",
  };
  return dialect;
}

std::unique_ptr<Cursor> PostgresConnection::prepare(std::string_view sql) {
  return std::make_unique<PostgresCursor>(pg_.handle(), sql, fence_);
}

void PostgresConnection::exec(std::string_view script) {
  const std::string text(script);
  fence_.guard(text, [&] { send(text); });
}

void PostgresConnection::send(const std::string& script) {
  PGresult* result = PQexec(pg_.handle(), script.c_str());
  if (!succeeded(result)) fail(pg_.handle(), result);
  PQclear(result);
}

bool PostgresConnection::in_transaction() const {
  const auto status = PQtransactionStatus(const_cast<store::PgConnection&>(pg_).handle());
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void PostgresConnection::begin(bool) {
  exec("BEGIN");
}

bool PostgresConnection::has_table(std::string_view name) {
  auto cursor = prepare("SELECT to_regclass(?) IS NOT NULL");
  cursor->bind_text(1, name);
  return cursor->step() && cursor->int64(0) == 1;
}

bool PostgresConnection::has_column(std::string_view table, std::string_view column) {
  auto cursor = prepare(
      "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
      "AND table_name = ? AND column_name = ?");
  cursor->bind_text(1, table);
  cursor->bind_text(2, column);
  return cursor->step();
}

std::string postgres_placeholders(std::string_view sql, int* parameters) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  int highest = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a literal or quoted identifier; a doubled quote stays inside
      const std::size_t end = sql.find(c, i + 1);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t end = sql.find('\n', i);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const std::size_t end = sql.find("*/", i + 2);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '?') {
      std::size_t digits = i + 1;
      while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') ++digits;
      out += '$';
      if (digits > i + 1) {
        const std::string_view number = sql.substr(i + 1, digits - i - 1);
        out.append(number);
        highest = std::max(highest, std::atoi(std::string(number).c_str()));
        i = digits - 1;
      } else {
        out += std::to_string(++next);
        highest = std::max(highest, next);
      }
    } else {
      out += c;
    }
  }
  if (parameters != nullptr) *parameters = highest;
  return out;
}

}  // namespace kefu::sql
