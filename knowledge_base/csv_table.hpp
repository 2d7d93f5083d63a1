#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace kefu::kb {

// A CSV file read per RFC 4180: comma-separated fields, records ended by CRLF or LF, fields
// in double quotes may hold commas, line breaks and doubled quotes (""). The first record is
// the header. A value type.
class CsvTable {
 public:
  // Reads all of `in`. Throws std::invalid_argument, naming the line, for an unterminated
  // quote, text after a closing quote, a quote inside an unquoted field, a record whose field
  // count differs from the header's, or an empty input.
  static CsvTable read(std::istream& in);
  // Reads the file at `path`; a missing file throws std::invalid_argument.
  static CsvTable read_file(const std::string& path);

  // Index of column `name`; throws std::invalid_argument when the header lacks it.
  std::size_t column(const std::string& name) const;

  const std::vector<std::string>& header() const { return header_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace kefu::kb
