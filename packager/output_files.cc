#include "packager/output_files.h"

#include <cerrno>
#include <cstring>
#include <system_error>

namespace packager {
namespace {

media::Error io_error(const std::string& what, const std::filesystem::path& path, int err) {
  return media::make_error(media::ErrorCode::kIo, what + " '" + path.string() + "': " + std::strerror(err));
}

constexpr const char* kTempSuffix = ".tmp";

}  // namespace

media::Status OutputFiles::prepare() const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return media::make_error(media::ErrorCode::kIo, "create output directory '" + dir_.string() + "': " + ec.message());
  if (!std::filesystem::is_directory(dir_))
    return media::make_error(media::ErrorCode::kIo, "output '" + dir_.string() + "' is not a directory");
  const auto probe = dir_ / ".dash-package-probe.tmp";
  std::FILE* f = std::fopen(probe.c_str(), "wb");
  if (f == nullptr) return io_error("output directory is not writable:", dir_, errno);
  std::fclose(f);
  std::filesystem::remove(probe, ec);
  return {};
}

std::filesystem::path OutputFiles::temp_path(const std::string& name) {
  std::scoped_lock lock(mutex_);
  names_.push_back(name);
  return dir_ / (name + kTempSuffix);
}

std::filesystem::path OutputFiles::scratch_path(const std::string& name) {
  std::scoped_lock lock(mutex_);
  scratch_.push_back(dir_ / (name + kTempSuffix));
  return scratch_.back();
}

media::Status OutputFiles::commit() {
  std::scoped_lock lock(mutex_);
  media::Status first;
  std::error_code ec;
  for (const auto& p : scratch_) std::filesystem::remove(p, ec);
  scratch_.clear();
  for (const auto& name : names_) {
    const auto from = dir_ / (name + kTempSuffix);
    std::filesystem::rename(from, dir_ / name, ec);
    if (ec && first.ok())
      first = media::make_error(media::ErrorCode::kIo, "rename '" + from.string() + "': " + ec.message());
  }
  names_.clear();
  return first;
}

void OutputFiles::discard() {
  std::scoped_lock lock(mutex_);
  std::error_code ec;
  for (const auto& p : scratch_) std::filesystem::remove(p, ec);
  for (const auto& name : names_) std::filesystem::remove(dir_ / (name + kTempSuffix), ec);
  scratch_.clear();
  names_.clear();
}

FileWriter::~FileWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

FileWriter::FileWriter(FileWriter&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)), path_(std::move(other.path_)), bytes_(other.bytes_) {}

FileWriter& FileWriter::operator=(FileWriter&& other) noexcept {
  if (this != &other) {
    if (file_ != nullptr) std::fclose(file_);
    file_ = std::exchange(other.file_, nullptr);
    path_ = std::move(other.path_);
    bytes_ = other.bytes_;
  }
  return *this;
}

media::Result<FileWriter> FileWriter::open(const std::filesystem::path& path) {
  FileWriter w;
  w.file_ = std::fopen(path.c_str(), "wb");
  if (w.file_ == nullptr) return io_error("create", path, errno);
  w.path_ = path;
  return w;
}

media::Status FileWriter::write(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return {};
  if (file_ == nullptr) return media::make_error(media::ErrorCode::kInternal, "write to a closed file");
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) return io_error("write", path_, errno);
  bytes_ += bytes.size();
  return {};
}

media::Status FileWriter::flush() {
  if (file_ != nullptr && std::fflush(file_) != 0) return io_error("write", path_, errno);
  return {};
}

media::Status FileWriter::close() {
  if (file_ == nullptr) return {};
  std::FILE* f = std::exchange(file_, nullptr);
  if (std::fflush(f) != 0) {
    int err = errno;
    std::fclose(f);
    return io_error("write", path_, err);
  }
  if (std::fclose(f) != 0) return io_error("close", path_, errno);
  return {};
}

media::Status write_whole_file(const std::filesystem::path& path, std::span<const uint8_t> bytes) {
  auto w = FileWriter::open(path);
  if (!w.ok()) return w.error();
  DS_RETURN_IF_ERROR(w->write(bytes));
  return w->close();
}

}  // namespace packager
