// --encrypt cenc|cbcs with --key-id/--key (or --key-file) and --la-url: the
// values, their checks, and the key file. Error messages never contain a
// key (they say which option and what shape was expected). Pure code.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <span>
#include <string_view>

#include "media/error.h"

namespace packager::cenc {

enum class Scheme { kCenc, kCbcs };

using Key16 = std::array<uint8_t, 16>;

struct EncryptionOptions {
  Scheme scheme = Scheme::kCenc;  // cenc: AES-CTR, full subsamples; cbcs: AES-CBC, 1:9 pattern, constant IV
  Key16 key_id{};
  Key16 key{};
  std::string la_url;             // ClearKey license URL for players (dashif:laurl); empty: keys given to players directly
};

constexpr std::string_view scheme_name(Scheme s) { return s == Scheme::kCenc ? "cenc" : "cbcs"; }
media::Result<Scheme> parse_scheme(std::string_view text);

// 32 hex digits (dashes allowed, as in a UUID) → 16 bytes.
media::Result<Key16> parse_key16(std::string_view option, std::string_view text);

// A key file: one line "KID:KEY" (hex), or two lines "key_id=HEX" and "key=HEX"; '#' comments.
media::Result<std::pair<Key16, Key16>> read_key_file(const std::string& path);

std::string to_hex(const Key16& bytes);
// "00112233-4455-6677-8899-aabbccddeeff" (cenc:default_KID form).
std::string to_uuid(const Key16& bytes);
std::string to_base64(std::span<const uint8_t> bytes, bool url_safe = false);

}  // namespace packager::cenc
