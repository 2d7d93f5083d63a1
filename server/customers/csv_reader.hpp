#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace kefu::customers {

// Reads CSV records (RFC 4180: comma-separated, fields optionally in double quotes, "" for a
// quote inside quotes, quoted fields may span lines; LF or CRLF line ends) from a stream. A
// UTF-8 byte-order mark before the first record is skipped. Does not own the stream.
class CsvReader {
 public:
  explicit CsvReader(std::istream& input);

  // Reads the next record into `fields`; false at the end of the input. `error` is set (and
  // the record is still returned as read) when it is malformed: a quote inside an unquoted
  // field, text after a closing quote, or a quote left open at the end of the input.
  bool next(std::vector<std::string>& fields, std::string& error);

  // The line on which the last record returned starts (1-based).
  std::size_t line() const { return record_line_; }

  // Bytes consumed so far (for progress).
  std::size_t bytes_read() const { return bytes_; }

 private:
  bool get(char& c);

  std::istream& input_;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  std::size_t bytes_ = 0;
  bool started_ = false;
};

}  // namespace kefu::customers
