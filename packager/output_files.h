// Every file of a run is written under a temporary name ("name.tmp") and
// registered here; commit() renames them all into place at the end, and
// discard() removes them after a failure or Ctrl-C. The manifest is not
// registered: the caller writes it after commit(), last, so a manifest never
// points at missing or partial segments. Thread-safe (workers register
// concurrently).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "media/error.h"

namespace packager {

class OutputFiles {
 public:
  explicit OutputFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}
  ~OutputFiles() { discard(); }
  OutputFiles(const OutputFiles&) = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;

  const std::filesystem::path& dir() const { return dir_; }

  // Creates the directory and proves it writable with a probe file.
  media::Status prepare() const;

  // Registers `name` (relative to dir) and returns the temporary path to write.
  std::filesystem::path temp_path(const std::string& name);
  // A scratch file that commit() deletes instead of renaming.
  std::filesystem::path scratch_path(const std::string& name);

  // Renames every temporary file into place (first error kept, the rest still tried).
  media::Status commit();
  // Removes every temporary and scratch file not yet committed.
  void discard();

 private:
  std::filesystem::path dir_;
  std::mutex mutex_;  // guards the two lists
  std::vector<std::string> names_;
  std::vector<std::filesystem::path> scratch_;
};

// A file opened for writing with every failure reported with its path
// (disk full shows up here, not as a silently short file).
class FileWriter {
 public:
  FileWriter() = default;
  ~FileWriter();
  FileWriter(FileWriter&& other) noexcept;
  FileWriter& operator=(FileWriter&& other) noexcept;
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  static media::Result<FileWriter> open(const std::filesystem::path& path);
  media::Status write(std::span<const uint8_t> bytes);
  // Hands what was written to the kernel, so other processes read it now.
  media::Status flush();
  media::Status close();
  uint64_t bytes_written() const { return bytes_; }

 private:
  std::FILE* file_ = nullptr;
  std::filesystem::path path_;
  uint64_t bytes_ = 0;
};

media::Status write_whole_file(const std::filesystem::path& path, std::span<const uint8_t> bytes);

}  // namespace packager
