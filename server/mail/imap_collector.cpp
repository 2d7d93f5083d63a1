#include "server/mail/imap_collector.hpp"

#include <curl/curl.h>

#include <regex>
#include <sstream>

#include "server/mail/smtp_sender.hpp"

namespace kefu::mail {
namespace {

std::size_t keep(char* data, std::size_t size, std::size_t count, void* user) {
  auto* out = static_cast<std::string*>(user);
  // A message larger than the reader accepts is cut here (the rest is read and dropped, so the
  // fetch completes); MailReader then refuses it as too large and it is set aside, while the
  // whole message stays in the IMAP folder. Failing the transfer instead would leave it first
  // in every later poll, holding up the mail behind it.
  if (out->size() > 32u * 1024 * 1024) return size * count;
  out->append(data, size * count);
  return size * count;
}

std::string quoted(const std::string& folder) {
  std::string out = "\"";
  for (char c : folder) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\r' || c == '\n') continue;
    out += c;
  }
  return out + "\"";
}

}  // namespace

ImapCollector::ImapCollector(const Mailbox& mailbox, std::string password, std::string ca_file)
    : mailbox_(mailbox), password_(std::move(password)), ca_file_(std::move(ca_file)) {
  use_curl();
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw ImapFailed("libcurl could not start");
  server_url_ = mailbox_.imap_url;
  while (!server_url_.empty() && server_url_.back() == '/') server_url_.pop_back();
  char* escaped = curl_easy_escape(static_cast<CURL*>(curl_), mailbox_.imap_folder.c_str(),
                                   static_cast<int>(mailbox_.imap_folder.size()));
  folder_url_ = server_url_ + "/" + escaped;
  curl_free(escaped);
}

ImapCollector::~ImapCollector() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::string ImapCollector::request(const std::string& url_suffix, const std::string& command,
                                   bool on_server) {
  CURL* c = static_cast<CURL*>(curl_);
  std::string out;
  const std::string url = (on_server ? server_url_ + "/" : folder_url_) + url_suffix;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   mailbox_.security == "none" ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  if (!ca_file_.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, ca_file_.c_str());
  curl_easy_setopt(c, CURLOPT_USERNAME, mailbox_.login.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, command.empty() ? nullptr : command.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 120'000L);
  char message[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, message);
  const CURLcode result = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  if (result != CURLE_OK) {
    throw ImapFailed("IMAP " + (command.empty() ? std::string("FETCH") : command) + ": " +
                     (message[0] != '\0' ? message : curl_easy_strerror(result)));
  }
  return out;
}

std::int64_t ImapCollector::uid_validity() {
  const std::string answer =
      request("", "STATUS " + quoted(mailbox_.imap_folder) + " (UIDVALIDITY)", true);
  static const std::regex pattern("UIDVALIDITY ([0-9]+)", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(answer, m, pattern)) throw ImapFailed("IMAP STATUS gave no UIDVALIDITY");
  return std::stoll(m[1].str());
}

std::vector<std::int64_t> ImapCollector::unseen() {
  const std::string answer = request("", "UID SEARCH UNSEEN", false);
  std::vector<std::int64_t> uids;
  std::istringstream lines(answer);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("* SEARCH", 0) != 0) continue;
    std::istringstream numbers(line.substr(8));
    std::int64_t uid = 0;
    while (numbers >> uid) uids.push_back(uid);
  }
  std::sort(uids.begin(), uids.end());
  return uids;
}

std::string ImapCollector::fetch(std::int64_t uid) {
  return request(";UID=" + std::to_string(uid) + ";SECTION=", "", false);
}

void ImapCollector::mark_seen(std::int64_t uid) {
  request("", "UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (\\Seen)", false);
}

}  // namespace kefu::mail
