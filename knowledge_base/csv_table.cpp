#include "knowledge_base/csv_table.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace kefu::kb {
namespace {

[[noreturn]] void fail(std::size_t line, const std::string& what) {
  throw std::invalid_argument("CSV line " + std::to_string(line) + ": " + what);
}

}  // namespace

CsvTable CsvTable::read(std::istream& in) {
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t i = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // byte order mark
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t line = 1;
  std::size_t record_line = 1;
  bool quoted = false;       // the current field started with a quote
  bool in_quotes = false;    // inside the quotes of the current field
  bool after_quote = false;  // the current field's closing quote was read
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    quoted = in_quotes = after_quote = false;
  };
  auto end_record = [&] {
    end_field();
    // A blank line (one empty unquoted field) is not a record.
    if (!(record.size() == 1 && record[0].empty())) records.push_back(std::move(record));
    record.clear();
    record_line = line;
  };
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      end_record();
    } else if (c == '"') {
      if (quoted || !field.empty()) fail(line, "quote inside an unquoted field");
      quoted = in_quotes = true;
    } else {
      if (after_quote) fail(line, "text after a closing quote");
      field += c;
    }
  }
  if (in_quotes) fail(record_line, "unterminated quote");
  if (!field.empty() || !record.empty() || quoted) end_record();
  if (records.empty()) throw std::invalid_argument("CSV has no header");
  CsvTable table;
  table.header_ = std::move(records.front());
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header_.size()) {
      throw std::invalid_argument("CSV record " + std::to_string(r + 1) + " has " +
                                  std::to_string(records[r].size()) + " fields, the header " +
                                  std::to_string(table.header_.size()));
    }
    table.rows_.push_back(std::move(records[r]));
  }
  return table;
}

CsvTable CsvTable::read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot open " + path);
  try {
    return read(in);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
}

std::size_t CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  throw std::invalid_argument("CSV has no column '" + name + "'");
}

}  // namespace kefu::kb
