#include "packager/cenc/encryption_options.h"

#include <cctype>

#include "media/file_io.h"

namespace packager::cenc {
namespace {

media::Error invalid_encryption(std::string message) {
  return media::make_error(media::ErrorCode::kInvalidArgument, std::move(message));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

media::Result<Scheme> parse_scheme(std::string_view text) {
  if (text == "cenc") return Scheme::kCenc;
  if (text == "cbcs") return Scheme::kCbcs;
  return invalid_encryption("bad --encrypt '" + std::string(text) + "': expected cenc or cbcs");
}

media::Result<Key16> parse_key16(std::string_view option, std::string_view text) {
  Key16 out{};
  size_t digits = 0;
  bool bad_char = false;
  for (char c : text) {
    if (c == '-') continue;
    const int v = hex_value(c);
    if (v < 0) {
      bad_char = true;
      continue;
    }
    if (digits < 32) out[digits / 2] = static_cast<uint8_t>(out[digits / 2] << 4 | v);
    ++digits;
  }
  if (bad_char) return invalid_encryption(std::string(option) + " must be hexadecimal (32 digits, 16 bytes)");
  if (digits != 32)
    return invalid_encryption(std::string(option) + " must be 32 hex digits (16 bytes), got " + std::to_string(digits));
  return out;
}

media::Result<std::pair<Key16, Key16>> read_key_file(const std::string& path) {
  auto text = media::read_file(path, 64 * 1024);
  if (!text.ok()) return text.error().with_context("--key-file");
  std::string kid_text, key_text;
  size_t start = 0;
  while (start < text->size()) {
    const size_t end = std::min(text->find('\n', start), text->size());
    std::string_view line = trim(std::string_view(*text).substr(start, end - start));
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("key_id=", 0) == 0) kid_text = std::string(line.substr(7));
    else if (line.rfind("key=", 0) == 0) key_text = std::string(line.substr(4));
    else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
      kid_text = std::string(line.substr(0, colon));
      key_text = std::string(line.substr(colon + 1));
    } else {
      return invalid_encryption("--key-file '" + path + "': expected KID:KEY or key_id= and key= lines");
    }
  }
  if (kid_text.empty() || key_text.empty())
    return invalid_encryption("--key-file '" + path + "': no key id and key (KID:KEY, hex)");
  auto kid = parse_key16("--key-file key id", kid_text);
  if (!kid.ok()) return kid.error();
  auto key = parse_key16("--key-file key", key_text);
  if (!key.ok()) return key.error();
  return std::make_pair(*kid, *key);
}

std::string to_hex(const Key16& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::string to_uuid(const Key16& bytes) {
  const std::string h = to_hex(bytes);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::string to_base64(std::span<const uint8_t> bytes, bool url_safe) {
  const char* alphabet = url_safe ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                                  : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = uint32_t(bytes[i]) << 16 | uint32_t(bytes[i + 1]) << 8 | bytes[i + 2];
    for (int s : {18, 12, 6, 0}) out += alphabet[(v >> s) & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = uint32_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= uint32_t(bytes[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (i + 1 < bytes.size()) out += alphabet[(v >> 6) & 63];
    else if (!url_safe) out += '=';
    if (!url_safe) out += '=';
  }
  return out;
}

}  // namespace packager::cenc
