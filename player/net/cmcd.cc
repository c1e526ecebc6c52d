#include "player/net/cmcd.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <vector>

#include "media/url.h"

namespace player {
namespace {

// Which header carries a key (CTA-5004 §3.2).
enum class Shard { kObject, kRequest, kSession, kStatus };

struct Entry {
  std::string key;
  std::string text;  // `key=value`, or `key` alone for true
  Shard shard;
};

int64_t round_to(double value, double step) { return static_cast<int64_t>(std::llround(value / step) * step); }

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Every key to send, sorted by key.
std::vector<Entry> entries(const CmcdRequest& d) {
  std::vector<Entry> out;
  auto num = [&](const char* key, const std::optional<double>& v, double step, Shard shard) {
    if (v && *v >= 0) out.push_back({key, std::string(key) + "=" + std::to_string(round_to(*v, step)), shard});
  };
  auto str = [&](const char* key, const std::string& v, bool token, Shard shard) {
    if (!v.empty()) out.push_back({key, std::string(key) + "=" + (token ? v : quoted(v)), shard});
  };
  auto flag = [&](const char* key, bool v, Shard shard) {
    if (v) out.push_back({key, key, shard});
  };
  // Sorted by key.
  num("bl", d.bl_ms, 100, Shard::kRequest);
  num("br", d.br_kbps, 1, Shard::kObject);
  flag("bs", d.bs, Shard::kStatus);
  str("cid", d.cid, false, Shard::kSession);
  num("d", d.d_ms, 1, Shard::kObject);
  num("dl", d.dl_ms, 100, Shard::kRequest);
  num("mtp", d.mtp_kbps, 100, Shard::kRequest);
  str("nor", d.nor, false, Shard::kRequest);
  str("ot", d.ot, true, Shard::kObject);
  if (d.pr > 0 && std::abs(d.pr - 1) > 1e-9) {
    char pr[32];
    std::snprintf(pr, sizeof pr, "pr=%.2f", d.pr);
    std::string text = pr;
    while (text.back() == '0') text.pop_back();  // 1.50 → 1.5
    if (text.back() == '.') text.pop_back();
    out.push_back({"pr", text, Shard::kSession});
  }
  num("rtp", d.rtp_kbps, 100, Shard::kStatus);
  str("sf", d.sf, true, Shard::kSession);
  str("sid", d.sid, false, Shard::kSession);
  str("st", d.st, true, Shard::kSession);
  flag("su", d.su, Shard::kRequest);
  num("tb", d.tb_kbps, 1, Shard::kObject);
  return out;
}

std::string join(const std::vector<Entry>& list, std::function<bool(const Entry&)> keep) {
  std::string out;
  for (const auto& e : list)
    if (keep(e)) out += (out.empty() ? "" : ",") + e.text;
  return out;
}

}  // namespace

std::optional<CmcdMode> parse_cmcd_mode(std::string_view text) {
  if (text == "off") return CmcdMode::kOff;
  if (text == "query") return CmcdMode::kQuery;
  if (text == "header") return CmcdMode::kHeader;
  return std::nullopt;
}

std::string cmcd_payload(const CmcdRequest& data) {
  return join(entries(data), [](const Entry&) { return true; });
}

void apply_cmcd(CmcdMode mode, const CmcdRequest& data, FetchRequest& request) {
  // Only servers hear CMCD: a local file has no query to carry it.
  const bool http = request.url.starts_with("http://") || request.url.starts_with("https://");
  if (mode == CmcdMode::kOff || !http) return;
  const auto list = entries(data);
  if (mode == CmcdMode::kQuery) {
    const std::string payload = join(list, [](const Entry&) { return true; });
    if (payload.empty()) return;
    request.url += (request.url.find('?') == std::string::npos ? "?" : "&");
    request.url += "CMCD=" + media::percent_encode(payload);
    return;
  }
  for (const auto& [shard, name] : {std::pair{Shard::kObject, "CMCD-Object"}, std::pair{Shard::kRequest, "CMCD-Request"},
                                    std::pair{Shard::kSession, "CMCD-Session"}, std::pair{Shard::kStatus, "CMCD-Status"}}) {
    const std::string value = join(list, [s = shard](const Entry& e) { return e.shard == s; });
    if (!value.empty()) request.headers.emplace_back(name, value);
  }
}

std::string relative_url(std::string_view from, std::string_view to) {
  const size_t slash = from.rfind('/');
  if (slash == std::string_view::npos) return std::string(to);
  const std::string_view dir = from.substr(0, slash + 1);
  if (to.substr(0, dir.size()) == dir && to.find('/', dir.size()) == std::string_view::npos)
    return std::string(to.substr(dir.size()));
  return std::string(to);
}

std::string cmcd_content_id(std::string_view mpd_url) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a 64 offset basis
  for (char c : mpd_url) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;  // FNV prime
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace player
