#include "support/process.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sys/wait.h>

namespace testing_support {

CommandResult run_command(const std::string& command) {
  CommandResult result;
  std::string full = command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) result.output.append(buf.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return result;
}

std::string shell_quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

ScratchDir::ScratchDir(const std::string& name) {
  std::random_device rd;
  path_ = binary_dir() / "test-scratch" / (name + "-" + std::to_string(getpid()) + "-" + std::to_string(rd() % 100000));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  if (std::getenv("DS_KEEP_TEST_DIRS") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
}

std::filesystem::path shared_dir() { return DS_SHARED_DIR; }
std::filesystem::path binary_dir() { return DS_BINARY_DIR; }

}  // namespace testing_support

namespace testing_support {

std::filesystem::path cached_fixture(const std::string& name,
                                     const std::function<bool(const std::filesystem::path&, std::string&)>& make,
                                     std::string& error) {
  const auto final_dir = binary_dir() / "test-fixtures" / name;
  if (std::filesystem::exists(final_dir / ".complete")) return final_dir;
  std::random_device rd;
  const auto tmp = binary_dir() / "test-fixtures" / (name + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(tmp);
  if (!make(tmp, error)) {
    std::filesystem::remove_all(tmp);
    return {};
  }
  std::ofstream(tmp / ".complete") << "ok\n";
  std::error_code ec;
  std::filesystem::rename(tmp, final_dir, ec);
  if (ec) std::filesystem::remove_all(tmp);  // another process made it first
  return std::filesystem::exists(final_dir / ".complete") ? final_dir : std::filesystem::path();
}

}  // namespace testing_support
