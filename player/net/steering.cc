#include "player/net/steering.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <cstdint>

namespace player {
namespace {

media::Error bad(const std::string& what) {
  return media::make_error(media::ErrorCode::kParse, "steering manifest: " + what);
}

// Pathway names are tokens (letters, digits, . _ ~ -), so they need no
// percent-encoding beyond the quotes around them.
bool is_token(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '~' || c == '-')) return false;
  return true;
}

}  // namespace

media::Result<SteeringManifest> parse_steering_manifest(std::string_view json) {
  const auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  const auto version = j.find("VERSION");
  if (version == j.end() || !version->is_number_integer()) return bad("VERSION is missing");
  if (version->get<int64_t>() != 1) return bad("VERSION " + version->dump() + " is not 1");
  SteeringManifest m;
  if (const auto ttl = j.find("TTL"); ttl != j.end()) {
    if (!ttl->is_number() || !(ttl->get<double>() > 0) || !std::isfinite(ttl->get<double>()))
      return bad("TTL must be a positive number of seconds");
    m.ttl_s = ttl->get<double>();
  }
  if (const auto reload = j.find("RELOAD-URI"); reload != j.end()) {
    if (!reload->is_string()) return bad("RELOAD-URI must be a string");
    m.reload_uri = reload->get<std::string>();
  }
  const auto priority = j.find("PATHWAY-PRIORITY");
  if (priority == j.end() || !priority->is_array() || priority->empty())
    return bad("PATHWAY-PRIORITY must be a list of pathway names");
  for (const auto& name : *priority) {
    if (!name.is_string() || !is_token(name.get<std::string>()))
      return bad("PATHWAY-PRIORITY holds " + name.dump() + ", not a pathway name");
    m.priority.push_back(name.get<std::string>());
  }
  return m;
}

std::string steering_request_url(const std::string& url, const std::string& pathway, double throughput_bps) {
  std::string out = url;
  auto add = [&](const std::string& key_value) {
    out += out.find('?') == std::string::npos ? '?' : '&';
    out += key_value;
  };
  if (!pathway.empty()) add("_DASH_pathway=%22" + pathway + "%22");
  if (throughput_bps >= 1) add("_DASH_throughput=" + std::to_string(static_cast<uint64_t>(throughput_bps)));
  return out;
}

}  // namespace player
