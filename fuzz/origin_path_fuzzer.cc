// Path resolution on any request target, against a real directory tree with
// a symlink leading out of the root: whatever the input, a file opened for it
// lies inside the root (checked through /proc/self/fd), and a cleaned path
// never holds a dot segment, NUL or backslash.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "origin/path_resolver.h"

namespace {

struct Tree {
  std::filesystem::path base, root;
  int root_fd = -1;
  Tree() {
    base = std::filesystem::temp_directory_path() / ("origin-path-fuzz-" + std::to_string(::getpid()));
    root = base / "root";
    std::filesystem::create_directories(root / "a" / "b");
    std::ofstream(root / "a" / "b" / "seg.m4s") << "x";
    std::ofstream(root / "manifest.mpd") << "x";
    std::ofstream(base / "secret") << "x";
    std::filesystem::create_symlink(base / "secret", root / "a" / "escape.m4s");
    std::filesystem::create_directory_symlink(base, root / "up");
    root = std::filesystem::canonical(root);
    root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
};

const Tree& tree() {
  static Tree t;
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Tree& t = tree();
  std::string_view target(reinterpret_cast<const char*>(data), size);
  auto clean = origin::clean_request_path(target);
  if (!clean.ok()) return 0;
  const std::string& p = *clean;
  if (p.empty() || p.front() != '/' || p.find('\0') != std::string::npos || p.find('\\') != std::string::npos)
    std::abort();
  auto fd = origin::open_under_root(t.root_fd, t.root, p);
  if (fd.ok()) {
    std::error_code ec;
    auto opened = std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(*fd), ec);
    ::close(*fd);
    if (ec) std::abort();
    auto rel = opened.lexically_relative(t.root);
    if (rel.empty() || *rel.begin() == "..") std::abort();  // escaped the root
  }
  auto resolved = origin::resolve_under_root(t.root, p);
  if (resolved.ok()) {
    auto rel = resolved->lexically_relative(t.root);
    if (rel.empty() || *rel.begin() == "..") std::abort();
  }
  return 0;
}
