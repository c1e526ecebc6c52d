// A child process that speaks lines over its stdin and stdout: started with
// /bin/sh -c COMMAND in its own process group, its stdin and stdout one end
// of a socket pair (so that writing to a program that has exited is an
// error, not a SIGPIPE), its stderr the caller's. Not thread-safe; one owner.
#pragma once

#include <string>
#include <string_view>
#include <sys/types.h>

#include "media/error.h"

namespace abr_exec {

class LineProcess {
 public:
  static media::Result<LineProcess> start(const std::string& command);
  LineProcess(LineProcess&& other) noexcept;
  LineProcess& operator=(LineProcess&& other) noexcept;
  LineProcess(const LineProcess&) = delete;
  LineProcess& operator=(const LineProcess&) = delete;
  // Closes the socket (the program reads end of input), waits up to 0.5 s for
  // it to exit, then kills its process group.
  ~LineProcess();

  // Appends `text` (lines ending in '\n') to the output; nothing is sent
  // until flush() or read_line().
  void write(std::string_view text) { pending_ += text; }
  media::Status flush();
  // Flushes, then the next line without its '\n'. Errors: the program closed
  // its output or exited (with its status), no whole line within `timeout_s`,
  // a line longer than 1 MiB.
  media::Result<std::string> read_line(double timeout_s);
  // Whether a line has been read yet: until then, waiting for an answer also
  // waits for the program to start up (an interpreter, its imports).
  bool has_answered() const { return has_answered_; }

 private:
  LineProcess(pid_t pid, int fd) : pid_(pid), fd_(fd) {}
  media::Error exited(const std::string& while_doing);
  media::Status set_receive_timeout(double timeout_s);
  void stop();

  pid_t pid_ = -1;
  int fd_ = -1;
  std::string pending_;  // to write
  std::string input_;    // read, not yet returned
  bool has_answered_ = false;
  double receive_timeout_s_ = 0;  // SO_RCVTIMEO of fd_; 0: none (blocks)
};

}  // namespace abr_exec
