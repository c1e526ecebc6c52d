// Starts a real server binary (dash-origin, nginx) as a child process for an
// integration test, finds the URL it prints, and stops it in the destructor.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace testing_support {

class ServerProcess {
 public:
  // Runs `argv` with stdout and stderr captured in files under `log_dir`.
  ServerProcess(std::vector<std::string> argv, const std::string& log_dir, const std::string& name);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Waits until stdout contains a line with `http://HOST:PORT/` and returns
  // that base URL ("http://127.0.0.1:PORT"), or nullopt after `timeout`.
  std::optional<std::string> wait_for_url(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits until a TCP connect to 127.0.0.1:port succeeds.
  bool wait_for_port(int port, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Sends `signal` and waits for the exit; returns the exit status (or 128+signal).
  int stop(int signal = 15, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool running();
  pid_t pid() const { return pid_; }
  std::string stdout_text() const;
  std::string stderr_text() const;

 private:
  pid_t pid_ = -1;
  std::string out_path_, err_path_;
  std::optional<int> status_;
};

// "http://127.0.0.1:8080" → 8080.
int port_of(const std::string& base_url);

// A loopback port nobody uses right now (the kernel's pick), TCP or UDP.
int free_loopback_port(bool udp = false);

}  // namespace testing_support
