#include "player/text/cue_store.h"

#include <algorithm>

namespace player::text {

void CueStore::add(const std::vector<TextCue>& cues, int64_t playhead_ms) {
  std::scoped_lock lock(mutex_);
  std::erase_if(cues_, [&](const Held& h) { return h.cue.end_ms < playhead_ms - kKeepBehindMs; });
  for (const auto& cue : cues) {
    const bool held = std::any_of(cues_.begin(), cues_.end(), [&](const Held& h) {
      return h.cue.start_ms == cue.start_ms && h.cue.end_ms == cue.end_ms && h.cue.text == cue.text;
    });
    if (held) continue;
    // A cue that spans a segment boundary arrives in pieces, one per segment: join them.
    auto piece = std::find_if(cues_.begin(), cues_.end(), [&](const Held& h) {
      return h.cue.text == cue.text && h.cue.style == cue.style &&
             (h.cue.end_ms == cue.start_ms || h.cue.start_ms == cue.end_ms);
    });
    if (piece != cues_.end()) {
      piece->cue.start_ms = std::min(piece->cue.start_ms, cue.start_ms);
      piece->cue.end_ms = std::max(piece->cue.end_ms, cue.end_ms);
      std::stable_sort(cues_.begin(), cues_.end(), [](const Held& a, const Held& b) { return a.cue.start_ms < b.cue.start_ms; });
      continue;
    }
    auto at = std::upper_bound(cues_.begin(), cues_.end(), cue.start_ms,
                               [](int64_t start, const Held& h) { return start < h.cue.start_ms; });
    cues_.insert(at, Held{cue, false});
  }
  if (cues_.size() > kMaxCues) cues_.erase(cues_.begin(), cues_.begin() + static_cast<long>(cues_.size() - kMaxCues));
}

void CueStore::clear() {
  std::scoped_lock lock(mutex_);
  cues_.clear();
}

std::vector<TextCue> CueStore::active_at(int64_t t_ms) const {
  std::scoped_lock lock(mutex_);
  std::vector<TextCue> out;
  for (const auto& h : cues_) {
    if (h.cue.start_ms > t_ms) break;
    if (t_ms < h.cue.end_ms) out.push_back(h.cue);
  }
  return out;
}

std::vector<TextCue> CueStore::take_started(int64_t t_ms) {
  std::scoped_lock lock(mutex_);
  std::vector<TextCue> out;
  for (auto& h : cues_) {
    if (h.cue.start_ms > t_ms) break;
    if (h.announced) continue;
    h.announced = true;
    if (t_ms < h.cue.end_ms) out.push_back(h.cue);
  }
  return out;
}

std::optional<int64_t> CueStore::next_start_after(int64_t t_ms) const {
  std::scoped_lock lock(mutex_);
  for (const auto& h : cues_)
    if (h.cue.start_ms > t_ms && !h.announced) return h.cue.start_ms;
  return std::nullopt;
}

size_t CueStore::size() const {
  std::scoped_lock lock(mutex_);
  return cues_.size();
}

}  // namespace player::text
