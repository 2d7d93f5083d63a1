#include "server/mail/smtp_sender.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace kefu::mail {
namespace {

struct Upload {
  const std::string* data = nullptr;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t left = upload->data->size() - upload->offset;
  const std::size_t n = std::min(left, size * count);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

void use_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

SmtpOutcome SmtpSender::send(const Mailbox& mailbox, const std::string& password,
                             const std::string& recipient, const std::string& raw) const {
  use_curl();
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return {SmtpOutcome::Kind::retry, "libcurl could not start"};
  CURL* c = curl.get();
  Upload upload{&raw, 0};
  const std::string from = "<" + mailbox.address + ">";
  const std::string to = "<" + recipient + ">";
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> recipients(
      curl_slist_append(nullptr, to.c_str()), curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_URL, mailbox.smtp_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   mailbox.security == "none" ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  if (!ca_file_.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, ca_file_.c_str());
  if (!mailbox.login.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, mailbox.login.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 60'000L);
  char message[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, message);
  const CURLcode result = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (result == CURLE_OK) return {SmtpOutcome::Kind::sent, ""};
  std::string error = message[0] != '\0' ? message : curl_easy_strerror(result);
  switch (result) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_USE_SSL_FAILED:
    case CURLE_LOGIN_DENIED:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return {SmtpOutcome::Kind::retry, error};  // before MAIL FROM: nothing was handed over
    default:
      break;
  }
  if (code >= 500) return {SmtpOutcome::Kind::refused, "refused: " + error};
  if (code >= 400) return {SmtpOutcome::Kind::retry, "deferred: " + error};
  return {SmtpOutcome::Kind::uncertain, error};
}

}  // namespace kefu::mail
