// Starts a real server binary (dash-origin, nginx) as a child process for an
// integration test, finds the URL it prints, and kills and reaps it in the
// destructor. The child also gets SIGKILL from the kernel when the thread
// that started it ends (PR_SET_PDEATHSIG), so a crashed test leaves no server
// behind: start servers on the test's own thread.
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

  // Waits until stdout contains a line with `SCHEME://HOST:PORT/` and returns
  // that base URL ("http://127.0.0.1:PORT"), or nullopt after `timeout`.
  std::optional<std::string> wait_for_url(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                          const std::string& scheme = "http");
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

}  // namespace testing_support
