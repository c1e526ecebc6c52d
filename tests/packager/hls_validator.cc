#include "hls_validator.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace packager_test {
namespace {

namespace fs = std::filesystem;

using Attributes = std::map<std::string, std::string>;  // quoted values without their quotes

// "A=1,B="x,y",C=0x1F" → {A:1, B:x,y, C:0x1F}; nullopt when malformed.
std::optional<Attributes> parse_attributes(const std::string& text) {
  Attributes out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t eq = text.find('=', i);
    if (eq == std::string::npos) return std::nullopt;
    const std::string name = text.substr(i, eq - i);
    if (name.empty() || name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != std::string::npos)
      return std::nullopt;
    std::string value;
    i = eq + 1;
    if (i < text.size() && text[i] == '"') {
      const size_t close = text.find('"', i + 1);
      if (close == std::string::npos) return std::nullopt;
      value = text.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      const size_t comma = std::min(text.find(',', i), text.size());
      value = text.substr(i, comma - i);
      i = comma;
    }
    if (out.count(name)) return std::nullopt;
    out[name] = value;
    if (i < text.size()) {
      if (text[i] != ',') return std::nullopt;
      ++i;
    }
  }
  return out;
}

std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

struct Segment {
  double duration_s = 0;
  uint64_t bytes = 0;
};

struct MediaPlaylist {
  std::vector<Segment> segments;
  bool ok = false;
};

class Validator {
 public:
  explicit Validator(fs::path dir) : dir_(std::move(dir)) {}

  void problem(const std::string& where, size_t line, const std::string& what) {
    problems_.push_back(where + " line " + std::to_string(line) + ": " + what);
  }

  uint64_t file_size(const std::string& uri, const std::string& where, size_t line) {
    std::error_code ec;
    const auto size = fs::file_size(dir_ / uri, ec);
    if (ec) {
      problem(where, line, "URI '" + uri + "' does not exist");
      return 0;
    }
    return size;
  }

  // "len[@offset]" inside the file; `next` continues a range without offset.
  uint64_t check_byte_range(const std::string& range, const std::string& uri, uint64_t& next, const std::string& where,
                            size_t line) {
    const size_t at = range.find('@');
    uint64_t length = 0, offset = next;
    try {
      length = std::stoull(range.substr(0, at));
      if (at != std::string::npos) offset = std::stoull(range.substr(at + 1));
    } catch (...) {
      problem(where, line, "bad byte range '" + range + "'");
      return 0;
    }
    const uint64_t size = file_size(uri, where, line);
    if (length == 0 || offset + length > size)
      problem(where, line, "byte range " + range + " outside '" + uri + "' (" + std::to_string(size) + " bytes)");
    next = offset + length;
    return length;
  }

  MediaPlaylist media(const std::string& uri) {
    MediaPlaylist m;
    const auto lines = read_lines(dir_ / uri);
    if (lines.empty() || lines[0] != "#EXTM3U") {
      problem(uri, 1, "does not start with #EXTM3U");
      return m;
    }
    std::optional<int> target;
    bool ended = false, has_map = false, version = false;
    double pending_duration = 0;  // of the next segment; 0: no EXTINF seen
    std::optional<std::string> pending_range;
    uint64_t next_offset = 0;
    for (size_t i = 1; i < lines.size(); ++i) {
      const std::string& l = lines[i];
      const size_t n = i + 1;
      if (l.empty()) continue;
      if (l.rfind("#EXT-X-VERSION:", 0) == 0) version = true;
      else if (l.rfind("#EXT-X-TARGETDURATION:", 0) == 0) {
        if (target) problem(uri, n, "a second EXT-X-TARGETDURATION");
        target = std::atoi(l.c_str() + 22);
      } else if (l.rfind("#EXT-X-MAP:", 0) == 0) {
        auto a = parse_attributes(l.substr(11));
        if (!a || !a->count("URI")) {
          problem(uri, n, "bad EXT-X-MAP");
          continue;
        }
        has_map = true;
        uint64_t map_next = 0;
        if (a->count("BYTERANGE")) check_byte_range(a->at("BYTERANGE"), a->at("URI"), map_next, uri, n);
        else file_size(a->at("URI"), uri, n);
      } else if (l.rfind("#EXTINF:", 0) == 0) {
        pending_duration = std::atof(l.c_str() + 8);
        if (pending_duration <= 0) problem(uri, n, "EXTINF without a positive duration");
        if (target && std::lround(pending_duration) > *target)
          problem(uri, n, "EXTINF " + l.substr(8) + " is longer than EXT-X-TARGETDURATION " + std::to_string(*target));
        if (!target) problem(uri, n, "EXTINF before EXT-X-TARGETDURATION");
      } else if (l.rfind("#EXT-X-BYTERANGE:", 0) == 0) {
        pending_range = l.substr(17);
      } else if (l == "#EXT-X-ENDLIST") {
        ended = true;
      } else if (l[0] != '#') {
        if (pending_duration <= 0) {
          problem(uri, n, "segment URI without EXTINF");
          continue;
        }
        Segment s;
        s.duration_s = pending_duration;
        const bool fmp4 = l.size() > 4 && (l.substr(l.size() - 4) == ".m4s" || l.substr(l.size() - 4) == ".mp4");
        if (fmp4 && !has_map) problem(uri, n, "fMP4 segment before EXT-X-MAP");
        if (pending_range) {
          s.bytes = check_byte_range(*pending_range, l, next_offset, uri, n);
        } else {
          s.bytes = file_size(l, uri, n);
          next_offset = 0;
        }
        m.segments.push_back(s);
        pending_duration = 0;
        pending_range.reset();
      }
    }
    if (!version) problem(uri, 1, "no EXT-X-VERSION");
    if (!target) problem(uri, 1, "no EXT-X-TARGETDURATION");
    if (!ended) problem(uri, lines.size(), "no EXT-X-ENDLIST on a VOD playlist");
    if (m.segments.empty()) problem(uri, lines.size(), "no segments");
    m.ok = true;
    return m;
  }

  // Peak and average of playlists played together (summed per segment index).
  static std::pair<double, double> rates(const std::vector<const MediaPlaylist*>& lists) {
    size_t count = SIZE_MAX;
    for (const auto* l : lists) count = std::min(count, l->segments.size());
    double peak = 0, bits = 0, seconds = 0;
    for (size_t i = 0; i < count; ++i) {
      double b = 0;
      for (const auto* l : lists) b += l->segments[i].bytes * 8.0;
      const double d = lists.front()->segments[i].duration_s;
      peak = std::max(peak, b / d);
      bits += b;
      seconds += d;
    }
    return {peak, seconds > 0 ? bits / seconds : 0};
  }

  std::vector<std::string> run(const std::string& master) {
    const auto lines = read_lines(dir_ / master);
    if (lines.empty() || lines[0] != "#EXTM3U") {
      problem(master, 1, "does not start with #EXTM3U");
      return problems_;
    }
    std::map<std::string, std::vector<std::string>> groups;  // "AUDIO:id" → rendition URIs
    std::map<std::string, std::set<std::string>> names;
    std::map<std::string, int> defaults;
    std::map<std::string, MediaPlaylist> playlists;
    auto playlist = [&](const std::string& uri) -> const MediaPlaylist& {
      auto it = playlists.find(uri);
      if (it == playlists.end()) it = playlists.emplace(uri, media(uri)).first;
      return it->second;
    };
    bool version = false;
    size_t variants = 0;
    for (size_t i = 1; i < lines.size(); ++i) {
      const std::string& l = lines[i];
      const size_t n = i + 1;
      if (l.rfind("#EXT-X-VERSION:", 0) == 0) version = true;
      if (l.rfind("#EXT-X-MEDIA:", 0) == 0) {
        auto a = parse_attributes(l.substr(13));
        if (!a || !a->count("TYPE") || !a->count("GROUP-ID") || !a->count("NAME")) {
          problem(master, n, "EXT-X-MEDIA without TYPE, GROUP-ID or NAME (or malformed)");
          continue;
        }
        const std::string key = a->at("TYPE") + ":" + a->at("GROUP-ID");
        if (!names[key].insert(a->at("NAME")).second) problem(master, n, "NAME '" + a->at("NAME") + "' twice in " + key);
        if (a->count("DEFAULT") && a->at("DEFAULT") == "YES" && ++defaults[key] > 1)
          problem(master, n, "a second DEFAULT=YES in " + key);
        if (a->count("URI")) {
          groups[key].push_back(a->at("URI"));
          if (file_size(a->at("URI"), master, n) > 0) playlist(a->at("URI"));
        } else {
          groups[key];
        }
      }
      if (l.rfind("#EXT-X-STREAM-INF:", 0) == 0) {
        ++variants;
        auto a = parse_attributes(l.substr(18));
        if (i + 1 >= lines.size() || lines[i + 1].empty() || lines[i + 1][0] == '#') {
          problem(master, n, "EXT-X-STREAM-INF not followed by a URI");
          continue;
        }
        const std::string uri = lines[i + 1];
        if (file_size(uri, master, n + 1) > 0) playlist(uri);
        if (!a || !a->count("BANDWIDTH") || !a->count("CODECS")) {
          problem(master, n, "EXT-X-STREAM-INF without BANDWIDTH or CODECS (or malformed)");
          continue;
        }
        std::vector<const MediaPlaylist*> together{&playlist(uri)};
        if (!together.front()->ok) continue;
        for (const char* type : {"AUDIO", "SUBTITLES"}) {
          if (!a->count(type)) continue;
          const std::string key = std::string(type) + ":" + a->at(type);
          if (!groups.count(key)) problem(master, n, std::string(type) + " group '" + a->at(type) + "' is not defined above");
        }
        if (a->count("RESOLUTION") && a->at("RESOLUTION").find('x') == std::string::npos)
          problem(master, n, "bad RESOLUTION");
        // The rates with the group's most demanding audio rendition.
        double peak = rates(together).first, average = rates(together).second;
        if (a->count("AUDIO"))
          for (const auto& audio_uri : groups["AUDIO:" + a->at("AUDIO")]) {
            auto [p, avg] = rates({together.front(), &playlist(audio_uri)});
            peak = std::max(peak, p);
            average = std::max(average, avg);
          }
        const double bandwidth = std::atof(a->at("BANDWIDTH").c_str());
        if (bandwidth + 1 < peak)
          problem(master, n, "BANDWIDTH " + a->at("BANDWIDTH") + " is below the measured peak " + std::to_string(peak));
        if (a->count("AVERAGE-BANDWIDTH") && std::abs(std::atof(a->at("AVERAGE-BANDWIDTH").c_str()) - average) > 0.01 * average)
          problem(master, n, "AVERAGE-BANDWIDTH " + a->at("AVERAGE-BANDWIDTH") + " is not the measured " + std::to_string(average));
      }
    }
    if (!version) problem(master, 1, "no EXT-X-VERSION");
    if (variants == 0) problem(master, lines.size(), "no EXT-X-STREAM-INF");
    return problems_;
  }

 private:
  fs::path dir_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> validate_hls(const fs::path& master_playlist) {
  return Validator(master_playlist.parent_path()).run(master_playlist.filename().string());
}

}  // namespace packager_test
