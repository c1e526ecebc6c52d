#include "support/origin_process.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "support/process.h"

namespace testing_support {

std::filesystem::path OriginProcess::binary() { return binary_dir() / "origin/dash-origin"; }

std::vector<std::string> OriginProcess::command(const std::filesystem::path& root, const std::filesystem::path& log_dir,
                                                std::vector<std::string> extra, const std::string& name,
                                                std::filesystem::path& access_log) {
  std::vector<std::string> argv = {binary().string(), "--root", root.string()};
  auto names = [&](const char* option) { return std::find(extra.begin(), extra.end(), option) != extra.end(); };
  if (names("--tls-cert")) {
    if (!names("--tls-port")) argv.insert(argv.end(), {"--tls-port", "0"});
  } else if (!names("--port")) {
    argv.insert(argv.end(), {"--port", "0"});
  }
  if (std::find(extra.begin(), extra.end(), "--access-log") == extra.end()) {
    access_log = log_dir / (name + "-access.log");
    argv.insert(argv.end(), {"--access-log", access_log.string()});
  } else {
    const auto it = std::find(extra.begin(), extra.end(), "--access-log");
    if (it + 1 != extra.end() && *(it + 1) != "off") access_log = *(it + 1);
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

OriginProcess::OriginProcess(const std::filesystem::path& root, const std::filesystem::path& log_dir,
                             std::vector<std::string> extra, const std::string& name)
    : process_(command(root, log_dir, extra, name, access_log_path_), log_dir.string(), name) {
  const bool tls = std::find(extra.begin(), extra.end(), "--tls-cert") != extra.end();
  const bool plain = !tls || std::find(extra.begin(), extra.end(), "--port") != extra.end();
  ok_ = true;
  if (plain) {
    base_url_ = process_.wait_for_url().value_or("");
    port_ = base_url_.empty() ? -1 : port_of(base_url_);
    ok_ = !base_url_.empty();
  }
  if (tls && ok_) {
    https_url_ = process_.wait_for_url(std::chrono::seconds(10), "https").value_or("");
    tls_port_ = https_url_.empty() ? -1 : port_of(https_url_);
    ok_ = !https_url_.empty();
  }
}

std::string OriginProcess::error() const {
  return "dash-origin did not print its URLs; stderr:\n" + process_.stderr_text();
}

std::string OriginProcess::access_log() const {
  if (access_log_path_.empty()) return {};
  std::ifstream in(access_log_path_);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace testing_support
