#include "player/session/describe.h"

#include <sstream>

namespace player {
namespace {

std::string content_type_label(const media::AdaptationSet& set) {
  if (set.content_type) return *set.content_type;
  auto mime = set.common.mime_type;
  if (!mime && !set.representations.empty()) mime = set.representations.front().common.mime_type;
  return mime ? mime->substr(0, mime->find('/')) : "?";
}

// The loaded stream for a set of a Period, and the role the player gives it.
struct SetUse {
  const StreamInfo* stream = nullptr;
  std::string role;  // "playing", "audio track 1 (default)", "subtitle track 0", "other codec"
};

SetUse use_of(const PeriodStreams* period, size_t set_index) {
  if (period == nullptr) return {};
  if (period->video && period->video->set_index == set_index) return {&*period->video, "playing"};
  for (const auto& s : period->other_video)
    if (s.set_index == set_index) return {&s, "not played: another codec is chosen"};
  for (size_t i = 0; i < period->audio.size(); ++i)
    if (period->audio[i].set_index == set_index)
      return {&period->audio[i],
              "audio track " + std::to_string(i) + (i == period->default_audio ? " (default)" : "")};
  for (size_t i = 0; i < period->text.size(); ++i)
    if (period->text[i].set_index == set_index) return {&period->text[i], "subtitle track " + std::to_string(i)};
  return {};
}

void describe_representation(std::ostream& out, const media::Mpd& mpd, const std::string& mpd_url, size_t pi,
                             size_t si, size_t ri, const StreamInfo* loaded) {
  const auto& rep = mpd.periods[pi].adaptation_sets[si].representations[ri];
  out << "      " << rep.id << ": " << rep.bandwidth / 1000 << " kbit/s";
  auto rr = media::resolve_representation(mpd, pi, si, ri, mpd_url);
  if (!rr.ok()) {
    out << ", unusable: " << rr.error().message << "\n";
    return;
  }
  if (rr->common.codecs) out << ", " << *rr->common.codecs;
  if (rr->common.width && rr->common.height) out << ", " << *rr->common.width << "x" << *rr->common.height;
  if (rr->common.frame_rate) out << " @ " << *rr->common.frame_rate;
  if (rr->common.audio_sampling_rate) out << ", " << *rr->common.audio_sampling_rate << " Hz";
  out << ", " << media::to_string(rr->mode);
  // Segment counts come from the loaded stream when sidx had to be fetched.
  const media::ResolvedRepresentation* source = &*rr;
  if (loaded != nullptr)
    for (const auto& lr : loaded->representations)
      if (lr.representation == &rep) source = &lr;
  if (!source->segments.empty()) {
    double total = 0;
    for (const auto& s : source->segments) total += s.duration_s();
    out << ", " << source->segments.size() << " segments of ~" << total / static_cast<double>(source->segments.size())
        << " s";
  } else if (rr->mode == media::AddressingMode::kSegmentBase) {
    out << ", segments listed in its sidx (not loaded)";
  }
  if (loaded != nullptr && loaded->kind != StreamKind::kText) {
    bool played = false;
    for (const auto& lr : loaded->representations) played = played || lr.representation == &rep;
    if (!played) out << " (skipped: cannot be played)";
  }
  out << "\n";
}

std::string describe_any(const media::Mpd& mpd, const std::string& mpd_url, const Presentation* p,
                         const std::string& why_not) {
  std::ostringstream out;
  out << "MPD " << mpd_url << "\n";
  out << "  type " << mpd.type.value_or("static");
  if (p != nullptr) out << ", duration " << p->duration_s << " s";
  else if (mpd.media_presentation_duration) out << ", duration " << static_cast<double>(mpd.media_presentation_duration->count()) / 1e6 << " s";
  out << ", profiles " << mpd.profiles << ", " << mpd.periods.size() << " period(s)\n";
  if (!mpd.locations.empty()) out << "  Location " << mpd.locations.front() << "\n";
  if (mpd.content_steering) out << "  ContentSteering " << mpd.content_steering->server_url << "\n";
  for (size_t pi = 0; pi < mpd.periods.size(); ++pi) {
    const auto& period = mpd.periods[pi];
    const PeriodStreams* loaded = p != nullptr && pi < p->periods.size() ? &p->periods[pi] : nullptr;
    out << "  Period " << pi << (period.id ? " id=" + *period.id : "");
    if (loaded != nullptr) out << ": " << loaded->start_s << " s to " << loaded->end_s() << " s";
    else if (auto t = media::period_timing(mpd, pi); t.ok()) out << ": " << t->start_s << " s to " << t->start_s + t->duration_s << " s";
    if (period.xlink_href) out << " (remote: " << *period.xlink_href << ")";
    out << "\n";
    size_t events = 0;
    for (const auto& es : period.event_streams) events += es.events.size();
    if (events > 0) {
      out << "    EventStream: " << events << " event(s)";
      for (const auto& es : period.event_streams) out << " " << es.scheme_id_uri;
      out << "\n";
    }
    for (size_t si = 0; si < period.adaptation_sets.size(); ++si) {
      const auto& set = period.adaptation_sets[si];
      const SetUse use = use_of(loaded, si);
      out << "    AdaptationSet " << si << ": " << content_type_label(set);
      if (set.lang) out << " lang=" << *set.lang;
      for (const auto& role : set.roles)
        if (role.value) out << " role=" << *role.value;
      if (!use.role.empty()) out << " (" << use.role << ")";
      out << "\n";
      if (loaded != nullptr && use.stream == nullptr)
        for (const auto& why : loaded->skipped)
          if (why.rfind("AdaptationSet " + std::to_string(si) + " ", 0) == 0) out << "      not played: " << why << "\n";
      for (size_t ri = 0; ri < set.representations.size(); ++ri)
        describe_representation(out, mpd, mpd_url, pi, si, ri, use.stream);
    }
  }
  if (p != nullptr) {
    for (const auto& c : p->codec_costs) out << "  decode probe: " << c.family << " " << c.cpu_ns_per_pixel << " ns/pixel\n";
    if (p->metadata) out << "  segments.json: " << p->metadata->representations.size() << " representations\n";
    for (const auto& w : p->warnings) out << "  warning: " << w << "\n";
  }
  if (!why_not.empty()) out << "  cannot play: " << why_not << "\n";
  return out.str();
}

}  // namespace

std::string describe(const Presentation& p) { return describe_any(*p.mpd, p.mpd_url, &p, ""); }

std::string describe(const media::Mpd& mpd, const std::string& mpd_url, const std::string& why_not) {
  return describe_any(mpd, mpd_url, nullptr, why_not);
}

}  // namespace player
