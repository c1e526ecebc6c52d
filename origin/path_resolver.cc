#include "origin/path_resolver.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "media/text.h"

namespace origin {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

media::Error bad_request(std::string why) { return media::make_error(media::ErrorCode::kInvalidArgument, std::move(why)); }
media::Error forbidden(std::string why) { return media::make_error(media::ErrorCode::kNotFound, std::move(why)); }

}  // namespace

media::Result<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return bad_request("truncated percent escape");
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return bad_request("invalid percent escape");
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return bad_request("NUL byte in path");
    out += c;
  }
  return out;
}

media::Result<std::string> clean_request_path(std::string_view target) {
  std::string_view raw = target.substr(0, target.find_first_of("?#"));
  if (raw.empty() || raw.front() != '/') return bad_request("request target is not an absolute path");
  auto decoded = percent_decode(raw);
  if (!decoded.ok()) return decoded.error();
  const std::string& path = *decoded;
  if (path.find('\\') != std::string::npos) return bad_request("backslash in path");
  if (path.size() > 1 && path[1] == '/') return forbidden("path starts with '//'");
  for (std::string_view seg : media::split(std::string_view(path).substr(1), '/')) {
    if (seg == "." || seg == "..") return forbidden("dot segment in path");
  }
  return path;
}

media::Result<std::filesystem::path> resolve_under_root(const std::filesystem::path& root, const std::string& clean) {
  std::filesystem::path candidate = root / std::filesystem::path(clean).relative_path();
  std::error_code ec;
  std::filesystem::path real = std::filesystem::canonical(candidate, ec);
  if (ec) return forbidden("not found");
  // Compare component-wise: "/srv/root2" must not pass as inside "/srv/root".
  auto r = root.begin(), p = real.begin();
  for (; r != root.end(); ++r, ++p)
    if (p == real.end() || *r != *p) return forbidden("outside the root");
  return real;
}

media::Result<int> open_under_root(int root_fd, const std::filesystem::path& canonical_root,
                                   const std::string& clean_path) {
  const size_t start = clean_path.find_first_not_of('/');
  const std::string relative = start == std::string::npos ? std::string(".") : clean_path.substr(start);
  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;  // O_NONBLOCK: never hang on a FIFO
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  long fd = syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how);
  if (fd >= 0) return static_cast<int>(fd);
  if (errno != ENOSYS) return forbidden(errno == EXDEV ? "outside the root" : "not found");
  auto path = resolve_under_root(canonical_root, clean_path);
  if (!path.ok()) return path.error();
  int plain = ::open(path->c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (plain < 0) return forbidden("not found");
  return plain;
}

}  // namespace origin
