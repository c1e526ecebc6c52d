// The real dash-origin for an integration test, as a scoped object: the
// constructor starts it on a port of its choosing (--port 0) and waits for the
// URL it prints; the destructor kills and reaps it, also when an assertion
// failed half-way through the test. The child is also killed by the kernel if
// the test process dies first (see ServerProcess), so no origin outlives its
// test. Create it on the thread that runs the test.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "support/server_process.h"

namespace testing_support {

class OriginProcess {
 public:
  // Serves `root`; stdout/stderr go to `log_dir/NAME.out|.err` and the access
  // log to `log_dir/NAME-access.log` unless `extra` names --access-log.
  // `extra` arguments are appended (a --port there replaces port 0). With
  // --tls-cert in `extra`, HTTPS goes on --tls-port 0 (unless given) and plain
  // HTTP only when `extra` names --port, as the origin does.
  OriginProcess(const std::filesystem::path& root, const std::filesystem::path& log_dir,
                std::vector<std::string> extra = {}, const std::string& name = "origin");

  // True once the origin printed its URLs; otherwise error() says why.
  bool ok() const { return ok_; }
  std::string error() const;
  const std::string& base_url() const { return base_url_; }    // "http://127.0.0.1:PORT", or empty
  int port() const { return port_; }
  const std::string& https_url() const { return https_url_; }  // "https://127.0.0.1:PORT", or empty
  int tls_port() const { return tls_port_; }
  std::string access_log() const;  // empty with --access-log off or stderr
  std::string stdout_text() const { return process_.stdout_text(); }
  std::string stderr_text() const { return process_.stderr_text(); }
  // Sends `signal` and waits for the exit (SIGKILL after `timeout`);
  // returns the exit status (128+signal when killed by it).
  int stop(int signal = 15, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return process_.stop(signal, timeout);
  }
  pid_t pid() const { return process_.pid(); }

  static std::filesystem::path binary();  // the built dash-origin

 private:
  static std::vector<std::string> command(const std::filesystem::path& root, const std::filesystem::path& log_dir,
                                          std::vector<std::string> extra, const std::string& name,
                                          std::filesystem::path& access_log);
  std::filesystem::path access_log_path_;
  ServerProcess process_;
  bool ok_ = false;
  std::string base_url_;
  int port_ = -1;
  std::string https_url_;
  int tls_port_ = -1;
};

}  // namespace testing_support
