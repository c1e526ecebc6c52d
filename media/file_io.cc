#include "media/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <system_error>

namespace media {
namespace {

Error io_error(std::string_view what, const std::filesystem::path& path, int err) {
  ErrorCode code = err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo;
  return make_error(code, std::string(what) + " '" + path.string() + "': " + std::strerror(err));
}

}  // namespace

Result<std::string> read_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return io_error("open", path, errno);
  std::string data;
  char buf[64 * 1024];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (data.size() + n > max_bytes) {
      std::fclose(f);
      return make_error(ErrorCode::kInvalidArgument,
                        "read '" + path.string() + "': larger than " + std::to_string(max_bytes) + " bytes");
    }
    data.append(buf, n);
  }
  int err = std::ferror(f) ? errno : 0;
  std::fclose(f);
  if (err != 0) return io_error("read", path, err == 0 ? EIO : err);
  return data;
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return io_error("create", tmp, errno);
  bool ok = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
  int err = ok ? 0 : errno;
  if (std::fflush(f) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (std::fclose(f) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    std::remove(tmp.c_str());
    return io_error("write", tmp, err == 0 ? EIO : err);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    err = errno;
    std::remove(tmp.c_str());
    return io_error("rename into", path, err);
  }
  return {};
}

}  // namespace media
