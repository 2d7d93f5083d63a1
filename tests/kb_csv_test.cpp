#include <catch2/catch.hpp>
#include <sstream>

#include "knowledge_base/csv_table.hpp"

using kefu::kb::CsvTable;

namespace {
CsvTable parse(const std::string& text) {
  std::istringstream in(text);
  return CsvTable::read(in);
}
}  // namespace

TEST_CASE("CSV follows RFC 4180 quoting", "[kb][csv]") {
  const CsvTable t = parse(
      "id,title,body\r\n"
      "a,\"Returns, refunds\",\"line one\r\nline \"\"two\"\"\"\r\n"
      "b,plain,\r\n");
  REQUIRE(t.rows().size() == 2);
  CHECK(t.rows()[0][1] == "Returns, refunds");
  CHECK(t.rows()[0][2] == "line one\r\nline \"two\"");
  CHECK(t.rows()[1][2].empty());
  CHECK(t.column("body") == 2);
  CHECK_THROWS_AS(t.column("missing"), std::invalid_argument);
}

TEST_CASE("CSV accepts LF, a byte order mark, no final newline and blank lines", "[kb][csv]") {
  const CsvTable t = parse("\xEF\xBB\xBFq,a\nhello,1\n\n退货,\"\"");
  REQUIRE(t.header()[0] == "q");
  REQUIRE(t.rows().size() == 2);
  CHECK(t.rows()[1][0] == "退货");
  CHECK(t.rows()[1][1].empty());
}

TEST_CASE("malformed CSV is refused with the line", "[kb][csv]") {
  CHECK_THROWS_WITH(parse("a,b\n\"open,1\n"), Catch::Contains("unterminated"));
  CHECK_THROWS_WITH(parse("a,b\nx\"y,1\n"), Catch::Contains("line 2"));
  CHECK_THROWS_WITH(parse("a,b\n\"x\"y,1\n"), Catch::Contains("after a closing quote"));
  CHECK_THROWS_WITH(parse("a,b\n1,2,3\n"), Catch::Contains("fields"));
  CHECK_THROWS_AS(parse(""), std::invalid_argument);
  CHECK_THROWS_AS(CsvTable::read_file("/nonexistent/file.csv"), std::invalid_argument);
}
