#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <vector>

namespace kefu::testing {

// docs/openapi.yaml, turned to JSON at build time, and a small checker of JSON values against
// its schemas: $ref (local), type (one or a list, "null" included), properties, required,
// additionalProperties (false or a schema), items, enum, const, allOf, pattern, minimum,
// maximum. Other keywords (description, example, default...) are not constraints.
class OpenApi {
 public:
  explicit OpenApi(const std::string& json_path);

  // Every documented operation as ("GET", "/api/customers/{id}").
  std::vector<std::pair<std::string, std::string>> operations() const;
  // The problems of `body` as the `status` answer of the operation (empty: it conforms). An
  // operation or status the document does not name is a problem too.
  std::vector<std::string> check_response(const std::string& method, const std::string& path,
                                          int status, const std::string& body) const;
  // The problems of `instance` against `schema`; `where` prefixes each.
  std::vector<std::string> check(const boost::json::value& instance,
                                 const boost::json::value& schema, const std::string& where) const;
  // Every example of a request or response body with the schema it must meet, named.
  struct Example {
    std::string name;
    boost::json::value value;
    boost::json::value schema;
  };
  std::vector<Example> examples() const;

 private:
  const boost::json::value& resolve(const boost::json::value& v) const;
  void check_into(const boost::json::value& instance, const boost::json::value& schema,
                  const std::string& where, std::vector<std::string>& problems) const;

  boost::json::value document_;
};

}  // namespace kefu::testing
