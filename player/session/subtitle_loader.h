// Fetches the subtitle track the session shows, alongside audio and video
// but apart from them: its own channel, no ABR, no buffer level, nothing
// that holds playback up. It walks the Periods like a StreamLoader (the
// track the chooser names in each; none: the Period is skipped), fetches the
// init segment of a wvtt/stpp track, then each segment (or the one sidecar
// .vtt/.ttml file) while it starts within `lead_s` of the playhead, turns it
// into cues on the presentation timeline (Period start − presentationTimeOffset)
// and adds them to the CueStore. A failed fetch or a bad segment is logged
// once per session ("subtitle_error") and skipped: playback goes on.
// Not thread-safe: loop thread only.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "media/isobmff/boxes.h"
#include "player/net/base_url_selector.h"
#include "player/net/cmcd.h"
#include "player/net/transport.h"
#include "player/session/event_log.h"
#include "player/session/event_loop.h"
#include "player/session/presentation.h"
#include "player/session/session_core.h"
#include "player/text/cue_store.h"

namespace player {

struct SubtitleLoaderOptions {
  double lead_s = 30;                  // fetch segments starting up to this far ahead of the playhead
  double request_timeout_ms = 10000;
  CmcdMode cmcd = CmcdMode::kOff;      // CMCD on every request, as the audio and video loaders send it
  std::string session_id, content_id;  // CMCD sid and cid
};

// The subtitle track of a Period (nullptr: none shown there).
using TextTrackChooser = std::function<const StreamInfo*(size_t period)>;

class SubtitleLoader {
 public:
  // `on_cues` runs after cues were added (the session announces them).
  SubtitleLoader(const Presentation& presentation, TextTrackChooser track, SessionCore& core, EventLog& log,
                 EventLoop& loop, std::unique_ptr<Transport> channel, const BaseUrlSelector& base_urls,
                 text::CueStore& cues, SubtitleLoaderOptions options, std::function<void()> on_cues);
  ~SubtitleLoader();

  // (Re)starts at segment `index` of Period `period`, dropping what is in flight.
  void start(size_t period, size_t index);
  // The playhead moved: a segment may now be within the lead.
  void wake();
  void stop();

 private:
  enum class Phase { kIdle, kWaiting, kFetching, kFinished };
  struct TrackTiming {
    uint32_t timescale = 0;
    std::optional<media::TrackDefaults> defaults;
  };

  void enter_period(size_t period);
  void next();
  void fetch(const media::MediaLocation& location, bool init);
  // The CMCD keys of a request for `url` from BaseURL `base` (ot=c for cues, i for the init segment).
  CmcdRequest cmcd_for(const std::string& url, size_t base, bool init) const;
  void on_done(media::Result<FetchResult> result, bool init);
  // Cues of the fetched segment index_, or an error.
  media::Result<std::vector<text::TextCue>> cues_of(const std::string& body) const;
  void fail(const media::Error& error);

  const Presentation& presentation_;
  TextTrackChooser track_;
  SessionCore& core_;
  EventLog& log_;
  EventLoop& loop_;
  std::unique_ptr<Transport> channel_;
  const BaseUrlSelector& base_urls_;
  text::CueStore& cues_;
  SubtitleLoaderOptions options_;
  std::function<void()> on_cues_;

  Phase phase_ = Phase::kIdle;
  EventLoop::TimerId timer_ = 0;
  size_t period_ = 0;
  const StreamInfo* stream_ = nullptr;  // the track shown in period_ (null: none)
  size_t index_ = 0;
  std::optional<TrackTiming> timing_;  // from the init segment (wvtt, stpp) of period_
  bool failed_once_ = false;           // later failures are not logged again
  size_t failures_ = 0;
};

}  // namespace player
