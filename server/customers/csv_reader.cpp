#include "server/customers/csv_reader.hpp"

namespace kefu::customers {

CsvReader::CsvReader(std::istream& input) : input_(input) {}

bool CsvReader::get(char& c) {
  if (!input_.get(c)) return false;
  ++bytes_;
  if (c == '\n') ++line_;
  return true;
}

bool CsvReader::next(std::vector<std::string>& fields, std::string& error) {
  fields.clear();
  error.clear();
  if (!started_) {
    started_ = true;
    if (input_.peek() == 0xEF) {
      char bom[3];
      input_.read(bom, 3);
      bytes_ += 3;
      if (std::string(bom, 3) != "\xEF\xBB\xBF") {
        input_.clear();
        input_.seekg(0);
        bytes_ = 0;
      }
    }
  }
  record_line_ = line_;
  char c;
  if (!get(c)) return false;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted and its quote closed
  while (true) {
    if (quoted) {
      if (c == '"') {
        if (input_.peek() == '"') {
          get(c);
          field += '"';
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        field += c;
      }
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && input_.peek() == '\n') get(c);
      break;
    } else if (c == '"') {
      if (field.empty() && !was_quoted) {
        quoted = true;
      } else if (error.empty()) {
        error = "a quote inside an unquoted field";
      }
    } else {
      if (was_quoted && error.empty()) error = "text after a closing quote";
      field += c;
    }
    if (!get(c)) {
      if (quoted && error.empty()) error = "a quoted field is not closed";
      break;
    }
  }
  fields.push_back(std::move(field));
  return true;
}

}  // namespace kefu::customers
