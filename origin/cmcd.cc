#include "origin/cmcd.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace origin {
namespace {

constexpr size_t kMaxKeyBytes = 64;
constexpr size_t kMaxStringBytes = 1024;  // nor and custom values; cid and sid are shorter by the spec
constexpr size_t kMaxCidBytes = 128;
constexpr size_t kMaxSidBytes = 64;
constexpr size_t kMaxCustomKeys = 16;
constexpr int kMaxIntegerDigits = 15;  // RFC 8941 §3.3.1
constexpr int kMaxDecimalIntegerDigits = 12;
constexpr int kMaxDecimalFractionDigits = 3;
constexpr double kMaxPlaybackRate = 1000;  // far beyond any player; keeps pr printable as a decimal

// One Structured Field bare item.
struct Item {
  enum Kind { kInteger, kDecimal, kString, kToken, kBoolean } kind = kBoolean;
  int64_t integer = 0;
  double decimal = 0;
  std::string text;  // string or token
  bool boolean = true;
};

bool is_key_start(char c) { return (c >= 'a' && c <= 'z') || c == '*'; }
bool is_key_char(char c) {
  return is_key_start(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_token_char(char c) {
  return is_alpha(c) || is_digit(c) || std::string_view("!#$%&'*+-.^_`|~:/").find(c) != std::string_view::npos;
}

media::Error syntax_error(size_t at, const std::string& what) {
  return media::make_error(media::ErrorCode::kParse, "CMCD: " + what + " at byte " + std::to_string(at));
}
media::Error key_error(std::string_view key, const std::string& what) {
  return media::make_error(media::ErrorCode::kParse, "CMCD key '" + std::string(key) + "': " + what);
}

// Reads a Structured Field payload item by item; keeps its position.
class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}
  bool done() const { return at_ >= s_.size(); }
  size_t at() const { return at_; }
  void skip_spaces() {
    while (at_ < s_.size() && (s_[at_] == ' ' || s_[at_] == '\t')) ++at_;
  }
  char peek() const { return at_ < s_.size() ? s_[at_] : '\0'; }
  bool take(char c) {
    if (peek() != c || done()) return false;
    ++at_;
    return true;
  }

  media::Result<std::string> key() {
    const size_t begin = at_;
    if (!is_key_start(peek())) return syntax_error(at_, "expected a key (lowercase)");
    while (!done() && is_key_char(s_[at_])) ++at_;
    if (at_ - begin > kMaxKeyBytes) return syntax_error(begin, "key longer than 64 bytes");
    return std::string(s_.substr(begin, at_ - begin));
  }

  media::Result<Item> item() {
    const char c = peek();
    if (c == '"') return string();
    if (c == '?') return boolean();
    if (c == '-' || is_digit(c)) return number();
    if (is_alpha(c) || c == '*') return token();
    return syntax_error(at_, "expected a value");
  }

 private:
  media::Result<Item> string() {
    const size_t begin = at_++;
    Item item;
    item.kind = Item::kString;
    while (true) {
      if (done()) return syntax_error(begin, "unterminated string");
      const char c = s_[at_++];
      if (c == '"') return item;
      if (c == '\\') {
        if (done() || (s_[at_] != '"' && s_[at_] != '\\')) return syntax_error(at_, "bad escape in string");
        item.text += s_[at_++];
      } else if (c < 0x20 || c > 0x7e) {
        return syntax_error(at_ - 1, "control or non-ASCII byte in string");
      } else {
        item.text += c;
      }
      if (item.text.size() > kMaxStringBytes) return syntax_error(begin, "string longer than 1024 bytes");
    }
  }

  media::Result<Item> boolean() {
    ++at_;
    if (peek() != '0' && peek() != '1') return syntax_error(at_, "boolean must be ?0 or ?1");
    return Item{Item::kBoolean, 0, 0, {}, s_[at_++] == '1'};
  }

  media::Result<Item> token() {
    const size_t begin = at_;
    while (!done() && is_token_char(s_[at_])) ++at_;
    if (at_ - begin > kMaxStringBytes) return syntax_error(begin, "token longer than 1024 bytes");
    return Item{Item::kToken, 0, 0, std::string(s_.substr(begin, at_ - begin)), true};
  }

  media::Result<Item> number() {
    const size_t begin = at_;
    const bool negative = take('-');
    int int_digits = 0, frac_digits = 0;
    int64_t integer = 0;
    while (is_digit(peek())) {
      if (++int_digits > kMaxIntegerDigits) return syntax_error(begin, "number with more than 15 digits");
      integer = integer * 10 + (s_[at_++] - '0');
    }
    if (int_digits == 0) return syntax_error(at_, "expected a digit");
    if (!take('.')) return Item{Item::kInteger, negative ? -integer : integer, 0, {}, true};
    if (int_digits > kMaxDecimalIntegerDigits) return syntax_error(begin, "decimal with more than 12 integer digits");
    double fraction = 0, scale = 1;
    while (is_digit(peek())) {
      if (++frac_digits > kMaxDecimalFractionDigits)
        return syntax_error(begin, "decimal with more than 3 fraction digits");
      scale /= 10;
      fraction += (s_[at_++] - '0') * scale;
    }
    if (frac_digits == 0) return syntax_error(at_, "decimal without fraction digits");
    const double value = static_cast<double>(integer) + fraction;
    return Item{Item::kDecimal, 0, negative ? -value : value, {}, true};
  }

  std::string_view s_;
  size_t at_ = 0;
};

media::Status set_integer(std::string_view key, const Item& item, std::optional<int64_t>& field) {
  if (item.kind != Item::kInteger) return key_error(key, "expected an integer");
  if (item.integer < 0) return key_error(key, "must not be negative");
  field = item.integer;
  return {};
}

media::Status set_string(std::string_view key, const Item& item, size_t max_bytes, std::optional<std::string>& field) {
  if (item.kind != Item::kString) return key_error(key, "expected a quoted string");
  if (item.text.size() > max_bytes) return key_error(key, "longer than " + std::to_string(max_bytes) + " characters");
  field = item.text;
  return {};
}

media::Status set_token(std::string_view key, const Item& item, std::optional<std::string>& field) {
  if (item.kind != Item::kToken) return key_error(key, "expected a token");
  field = item.text;
  return {};
}

media::Status set_boolean(std::string_view key, const Item& item, bool& field) {
  if (item.kind != Item::kBoolean) return key_error(key, "expected a boolean (the bare key)");
  field = item.boolean;
  return {};
}

std::string custom_value(const Item& item) {
  switch (item.kind) {
    case Item::kInteger: return std::to_string(item.integer);
    case Item::kDecimal: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3f", item.decimal);
      return buf;
    }
    case Item::kString: {
      std::string out = "\"";
      for (char c : item.text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\"";
    }
    case Item::kToken: return item.text;
    case Item::kBoolean: return item.boolean ? "?1" : "?0";
  }
  return {};
}

media::Status assign(const std::string& key, const Item& item, CmcdData& d) {
  if (key == "br") return set_integer(key, item, d.br_kbps);
  if (key == "bl") return set_integer(key, item, d.bl_ms);
  if (key == "d") return set_integer(key, item, d.d_ms);
  if (key == "dl") return set_integer(key, item, d.dl_ms);
  if (key == "mtp") return set_integer(key, item, d.mtp_kbps);
  if (key == "rtp") return set_integer(key, item, d.rtp_kbps);
  if (key == "tb") return set_integer(key, item, d.tb_kbps);
  if (key == "v") return set_integer(key, item, d.version);
  if (key == "bs") return set_boolean(key, item, d.bs);
  if (key == "su") return set_boolean(key, item, d.su);
  if (key == "cid") return set_string(key, item, kMaxCidBytes, d.cid);
  if (key == "sid") return set_string(key, item, kMaxSidBytes, d.sid);
  if (key == "nor") return set_string(key, item, kMaxStringBytes, d.nor);
  if (key == "nrr") return set_string(key, item, kMaxStringBytes, d.nrr);
  if (key == "ot") return set_token(key, item, d.ot);
  if (key == "sf") return set_token(key, item, d.sf);
  if (key == "st") return set_token(key, item, d.st);
  if (key == "pr") {
    if (item.kind != Item::kDecimal && item.kind != Item::kInteger) return key_error(key, "expected a number");
    const double rate = item.kind == Item::kDecimal ? item.decimal : static_cast<double>(item.integer);
    if (!(rate > 0) || rate > kMaxPlaybackRate) return key_error(key, "must be in (0, 1000]");
    d.pr = rate;
    return {};
  }
  if (key.find('-') != std::string::npos) {
    // Kept sorted by key, so data does not depend on the order keys came in.
    auto it = std::lower_bound(d.custom.begin(), d.custom.end(), key,
                               [](const auto& kv, const std::string& k) { return kv.first < k; });
    if (it != d.custom.end() && it->first == key) {
      it->second = custom_value(item);
    } else {
      if (d.custom.size() >= kMaxCustomKeys) return key_error(key, "more than 16 custom keys");
      d.custom.emplace(it, key, custom_value(item));
    }
  }
  return {};  // an unknown key of a later version: ignored
}

void append_string(std::string& out, const std::string& text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

media::Status parse_cmcd_into(std::string_view payload, CmcdData& into) {
  Reader r(payload);
  r.skip_spaces();
  if (r.done()) return {};
  while (true) {
    auto key = r.key();
    if (!key.ok()) return key.error();
    Item item;  // a bare key is boolean true
    if (r.take('=')) {
      auto value = r.item();
      if (!value.ok()) return value.error();
      item = std::move(*value);
    }
    if (r.peek() == ';') return syntax_error(r.at(), "parameters are not used by CMCD");
    DS_RETURN_IF_ERROR(assign(*key, item, into));
    r.skip_spaces();
    if (r.done()) return {};
    if (!r.take(',')) return syntax_error(r.at(), "expected ',' between keys");
    r.skip_spaces();
    if (r.done()) return syntax_error(r.at(), "trailing ','");
  }
}

media::Result<CmcdData> parse_cmcd(std::string_view payload) {
  CmcdData data;
  DS_RETURN_IF_ERROR(parse_cmcd_into(payload, data));
  return data;
}

media::Result<CmcdData> parse_request_cmcd(const CmcdSources& sources) {
  CmcdData data;
  const std::pair<const char*, std::string_view> parts[] = {{"CMCD query", sources.query},
                                                            {"CMCD-Object", sources.object_header},
                                                            {"CMCD-Request", sources.request_header},
                                                            {"CMCD-Session", sources.session_header},
                                                            {"CMCD-Status", sources.status_header}};
  for (const auto& [where, text] : parts)
    if (auto st = parse_cmcd_into(text, data); !st.ok()) return st.error().with_context(where);
  return data;
}

std::string format_cmcd(const CmcdData& d) {
  std::vector<std::pair<std::string, std::string>> keys;
  auto integer = [&](const char* k, const std::optional<int64_t>& v) {
    if (v) keys.emplace_back(k, "=" + std::to_string(*v));
  };
  auto string = [&](const char* k, const std::optional<std::string>& v) {
    if (!v) return;
    std::string out = "=";
    append_string(out, *v);
    keys.emplace_back(k, out);
  };
  auto token = [&](const char* k, const std::optional<std::string>& v) {
    if (v) keys.emplace_back(k, "=" + *v);
  };
  integer("bl", d.bl_ms);
  integer("br", d.br_kbps);
  if (d.bs) keys.emplace_back("bs", "");
  string("cid", d.cid);
  integer("d", d.d_ms);
  integer("dl", d.dl_ms);
  integer("mtp", d.mtp_kbps);
  string("nor", d.nor);
  string("nrr", d.nrr);
  token("ot", d.ot);
  if (d.pr) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "=%.3f", std::round(*d.pr * 1000) / 1000);
    keys.emplace_back("pr", buf);
  }
  integer("rtp", d.rtp_kbps);
  token("sf", d.sf);
  string("sid", d.sid);
  token("st", d.st);
  if (d.su) keys.emplace_back("su", "");
  integer("tb", d.tb_kbps);
  integer("v", d.version);
  for (const auto& [k, v] : d.custom) keys.emplace_back(k, "=" + v);
  std::sort(keys.begin(), keys.end());
  std::string out;
  for (const auto& [k, v] : keys) out += (out.empty() ? "" : ",") + k + v;
  return out;
}

std::ostream& operator<<(std::ostream& os, const CmcdData& data) { return os << "CMCD{" << format_cmcd(data) << "}"; }

}  // namespace origin
