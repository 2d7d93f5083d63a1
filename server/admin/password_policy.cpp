#include "server/admin/password_policy.hpp"

#include <pwquality.h>

#include <array>

namespace kefu::admin {
namespace {

std::size_t code_points(const std::string& text) {
  std::size_t n = 0;
  for (const unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

struct PasswordPolicy::Settings {
  pwquality_settings_t* value = nullptr;
};

PasswordPolicy::PasswordPolicy() : settings_(std::make_unique<Settings>()) {
  settings_->value = pwquality_default_settings();
  if (settings_->value == nullptr) throw std::runtime_error("libpwquality: out of memory");
  // Length is counted here in characters; pwquality counts bytes, so its own limit stays low.
  pwquality_set_int_value(settings_->value, PWQ_SETTING_MIN_LENGTH, 6);
  pwquality_set_int_value(settings_->value, PWQ_SETTING_DICT_CHECK, 1);
  pwquality_set_int_value(settings_->value, PWQ_SETTING_USER_CHECK, 1);
}

PasswordPolicy::~PasswordPolicy() {
  pwquality_free_settings(settings_->value);
}

std::optional<std::string> PasswordPolicy::refusal(const std::string& password,
                                                   const std::string& login) const {
  if (code_points(password) < kMinChars) {
    return "the password must have at least " + std::to_string(kMinChars) + " characters";
  }
  if (password.size() > kMaxBytes) {
    return "the password must have at most " + std::to_string(kMaxBytes) + " bytes";
  }
  void* aux = nullptr;
  std::array<char, PWQ_MAX_ERROR_MESSAGE_LEN> words{};
  std::lock_guard lock(mutex_);
  const int score = pwquality_check(settings_->value, password.c_str(), nullptr,
                                    login.empty() ? nullptr : login.c_str(), &aux);
  if (score >= 0) return std::nullopt;
  const char* why = pwquality_strerror(words.data(), words.size(), score, aux);
  return std::string(why != nullptr ? why : "the password is too easy to guess");
}

void PasswordPolicy::check(const std::string& password, const std::string& login) const {
  if (auto why = refusal(password, login)) throw PasswordRefused(*why);
}

}  // namespace kefu::admin
