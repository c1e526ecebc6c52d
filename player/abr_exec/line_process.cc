#include "player/abr_exec/line_process.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <chrono>
#include <csignal>
#include <cstring>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "media/clock.h"

extern char** environ;

namespace abr_exec {
namespace {

constexpr size_t kMaxLineBytes = 1 << 20;
constexpr double kExitGraceS = 0.5;

media::Error io_error(const std::string& message) { return media::make_error(media::ErrorCode::kIo, message); }

std::string errno_text() { return std::strerror(errno); }

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", s);
  return buf;
}

// A child process and its pipes run in real time, whatever clock the session uses.
double seconds_since(double t0_s) { return media::steady_now_s() - t0_s; }

}  // namespace

media::Result<LineProcess> LineProcess::start(const std::string& command) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return io_error("socketpair: " + errno_text());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // The child's end becomes stdin and stdout (dup2 clears close-on-exec).
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  // Its own process group, so that killing it also kills what the shell started.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char* const*>(argv), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return io_error("start '" + command + "': " + std::strerror(rc));
  }
  return LineProcess(pid, fds[0]);
}

LineProcess::LineProcess(LineProcess&& o) noexcept
    : pid_(o.pid_),
      fd_(o.fd_),
      pending_(std::move(o.pending_)),
      input_(std::move(o.input_)),
      has_answered_(o.has_answered_),
      receive_timeout_s_(o.receive_timeout_s_) {
  o.pid_ = -1;
  o.fd_ = -1;
}

LineProcess& LineProcess::operator=(LineProcess&& o) noexcept {
  if (this != &o) {
    stop();
    pid_ = o.pid_;
    fd_ = o.fd_;
    pending_ = std::move(o.pending_);
    input_ = std::move(o.input_);
    has_answered_ = o.has_answered_;
    receive_timeout_s_ = o.receive_timeout_s_;
    o.pid_ = -1;
    o.fd_ = -1;
  }
  return *this;
}

LineProcess::~LineProcess() { stop(); }

void LineProcess::stop() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  if (pid_ <= 0) return;
  const double t0 = media::steady_now_s();
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (seconds_since(t0) > kExitGraceS) {
      kill(-pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  pid_ = -1;
}

media::Error LineProcess::exited(const std::string& while_doing) {
  // The program may still be closing down: give it the grace period to exit.
  int status = 0;
  pid_t done = 0;
  const double t0 = media::steady_now_s();
  while ((done = waitpid(pid_, &status, WNOHANG)) == 0 && seconds_since(t0) < kExitGraceS)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::string how = "closed its output";
  if (done == pid_) {
    pid_ = -1;
    if (WIFEXITED(status)) how = "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) how = "was killed by signal " + std::to_string(WTERMSIG(status));
  }
  return io_error("the program " + how + " " + while_doing);
}

media::Status LineProcess::flush() {
  if (fd_ < 0) return io_error("the program is not running");
  size_t sent = 0;
  while (sent < pending_.size()) {
    const ssize_t n = send(fd_, pending_.data() + sent, pending_.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      pending_.clear();
      if (errno == EPIPE || errno == ECONNRESET) return exited("before reading its input");
      return io_error("write to the program: " + errno_text());
    }
    sent += static_cast<size_t>(n);
  }
  pending_.clear();
  return {};
}

media::Status LineProcess::set_receive_timeout(double timeout_s) {
  timeout_s = std::max(timeout_s, 0.001);  // 0 would mean no timeout at all
  if (timeout_s == receive_timeout_s_) return {};
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout_s);
  tv.tv_usec = static_cast<suseconds_t>((timeout_s - static_cast<double>(tv.tv_sec)) * 1e6);
  if (setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0) return io_error("SO_RCVTIMEO: " + errno_text());
  receive_timeout_s_ = timeout_s;
  return {};
}

// A blocking recv() with the socket's receive timeout waits for the answer:
// one system call per read where poll() and recv() made two (a system call
// costs about 1.3 us on our machines, a whole round trip about 35 us). The
// timeout is set only when it changes: the whole of `timeout_s` for the
// first read of a call, what is left of it for the rare line that arrives in
// pieces.
media::Result<std::string> LineProcess::read_line(double timeout_s) {
  DS_RETURN_IF_ERROR(flush());
  const double t0 = media::steady_now_s();
  size_t scanned = 0;
  bool first_read = true;
  while (true) {
    const size_t eol = input_.find('\n', scanned);
    if (eol != std::string::npos) {
      std::string line = input_.substr(0, eol);
      input_.erase(0, eol + 1);
      has_answered_ = true;
      return line;
    }
    scanned = input_.size();
    if (input_.size() > kMaxLineBytes) return io_error("the program wrote a line longer than 1 MiB");
    const double left_s = timeout_s - seconds_since(t0);
    if (left_s <= 0)
      return media::make_error(media::ErrorCode::kTimeout, "no answer from the program within " + seconds_text(timeout_s));
    DS_RETURN_IF_ERROR(set_receive_timeout(first_read ? timeout_s : left_s));
    first_read = false;
    char buf[65536];
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;  // the loop checks the time
    if (n < 0 && errno != ECONNRESET) return io_error("read from the program: " + errno_text());
    if (n <= 0) return exited(input_.empty() ? "instead of answering" : "in the middle of a line");
    input_.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace abr_exec
