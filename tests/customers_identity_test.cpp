#include <catch2/catch.hpp>

#include "server/customers/customer_directory.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/identity.hpp"
#include "server/customers/signatures.hpp"
#include "tests/customers_test_support.hpp"

using namespace kefu::customers;
using kefu::customers::testing::kNow;

TEST_CASE("emails match case-folded and without plus-addressing", "[customers][identity]") {
  CHECK(email_match_key("  Ann.Lee+Shop@Example.COM ") == "ann.lee@example.com");
  CHECK(email_match_key("ann.lee@example.com") == "ann.lee@example.com");
  CHECK(email_match_key("STRASSE@b.de") == email_match_key("straße@b.de"));
  CHECK_FALSE(email_match_key("no-at-sign.example.com"));
  CHECK_FALSE(email_match_key("two@@example.com"));
  CHECK_FALSE(email_match_key("@example.com"));
  CHECK_FALSE(email_match_key("ann@localhost"));
  CHECK_FALSE(email_match_key("ann lee@example.com"));
  CHECK_FALSE(email_match_key("+tag@example.com"));
}

TEST_CASE("phones are normalised to E.164", "[customers][identity]") {
  CHECK(phone_e164("+1 (514) 721-4711", "") == "+15147214711");
  CHECK(phone_e164("+49 0711 2842222", "") == "+497112842222");
  CHECK(phone_e164("+44 (0)20 7946 0958", "") == "+442079460958");
  CHECK(phone_e164("0044 20 7946 0958", "") == "+442079460958");
  CHECK(phone_e164("+39 06 1234 5678", "") == "+390612345678");
  CHECK(phone_e164("138-0013-8000", "86") == "+8613800138000");
  CHECK(phone_e164("030 1234567", "49") == "+49301234567");
  CHECK_FALSE(phone_e164("030 1234567", ""));
  CHECK_FALSE(phone_e164("+1 555 CALL NOW", ""));
  CHECK_FALSE(phone_e164("+1 23", ""));
  CHECK_FALSE(phone_e164("+1234567890123456", ""));
  CHECK_FALSE(phone_e164("", "49"));
}

TEST_CASE("identities are kept as typed and matched by their key", "[customers][identity]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db, "49");
  const auto ann = directory.create_customer("Ann", "Lee", kNow);
  CHECK(directory.add_identity(ann, IdentityKind::email, "Ann.Lee+Shop@Example.com", true, kNow));
  CHECK(directory.add_identity(ann, IdentityKind::phone, "0711 2842222", true, kNow));
  CHECK_FALSE(directory.add_identity(ann, IdentityKind::email, "ann.lee@example.com", true, kNow));

  const auto identities = directory.identities(ann);
  REQUIRE(identities.size() == 2);
  CHECK(identities[0].value == "Ann.Lee+Shop@Example.com");
  CHECK(identities[0].match_key == "ann.lee@example.com");
  CHECK(identities[1].match_key == "+497112842222");

  CHECK(directory.find(IdentityKind::email, "ANN.LEE@example.com", true) == ann);
  CHECK(directory.find(IdentityKind::phone, "+49 711 2842222", true) == ann);
  CHECK_FALSE(directory.find(IdentityKind::email, "bob@example.com", false));

  CHECK_THROWS_AS(directory.add_identity(ann, IdentityKind::email, "not an email", true, kNow),
                  InvalidCustomerInput);
  CHECK_THROWS_AS(directory.add_identity(999, IdentityKind::email, "x@y.com", true, kNow),
                  CustomerNotFound);
  CHECK(directory.identities(ann).size() == 2);
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 and Shopify's base64 form", "[customers][signature]") {
  CHECK(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(verify_shopify_signature("what do ya want for nothing?",
                                 "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", "Jefe"));
  CHECK_FALSE(verify_shopify_signature("what do ya want for nothing!",
                                       "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", "Jefe"));
  CHECK_FALSE(verify_shopify_signature("what do ya want for nothing?",
                                       "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", "jefe"));
  CHECK_FALSE(verify_shopify_signature("what do ya want for nothing?", "", "Jefe"));
  CHECK_FALSE(verify_shopify_signature("what do ya want for nothing?", "not base64!", "Jefe"));
  CHECK_FALSE(verify_shopify_signature("what do ya want for nothing?",
                                       "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", ""));

  const std::string signature = "9264a94bae6120689ed68fe2de6a68015a0f35b3e19c7e8f4ed4073362c32e6f";
  CHECK(verify_visitor_signature("42", signature, "shop-secret"));
  CHECK(verify_visitor_signature(
      "42", "9264A94BAE6120689ED68FE2DE6A68015A0F35B3E19C7E8F4ED4073362C32E6F", "shop-secret"));
  CHECK_FALSE(verify_visitor_signature("43", signature, "shop-secret"));
  CHECK_FALSE(verify_visitor_signature("42", signature.substr(0, 62), "shop-secret"));
  CHECK_FALSE(verify_visitor_signature("42", "zz" + signature.substr(2), "shop-secret"));
  CHECK_FALSE(verify_visitor_signature("42", signature, ""));
}
