#include "player/net/clock_sync.h"

#include "media/mpd/date_time.h"
#include "media/url.h"

namespace player {
namespace {

constexpr double kTimeRequestTimeoutMs = 3000;
// A time answer is a line, not a document: anything longer is not ours.
constexpr size_t kMaxTimeBodyBytes = 256;

std::optional<UtcScheme> scheme_of(std::string_view uri) {
  if (uri == "urn:mpeg:dash:utc:http-xsdate:2014") return UtcScheme::kHttpXsdate;
  if (uri == "urn:mpeg:dash:utc:http-iso:2014") return UtcScheme::kHttpIso;
  if (uri == "urn:mpeg:dash:utc:direct:2014") return UtcScheme::kDirect;
  return std::nullopt;
}

const char* name_of(UtcScheme s) {
  switch (s) {
    case UtcScheme::kHttpXsdate: return "http-xsdate";
    case UtcScheme::kHttpIso: return "http-iso";
    case UtcScheme::kDirect: return "direct";
  }
  return "?";
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<UtcSource> utc_sources(const std::vector<media::Descriptor>& utc_timing, std::string_view mpd_url) {
  std::vector<UtcSource> out;
  for (const auto& d : utc_timing) {
    auto scheme = scheme_of(d.scheme_id_uri);
    if (!scheme || !d.value || d.value->empty()) continue;
    if (*scheme == UtcScheme::kDirect) {
      out.push_back({*scheme, *d.value});
      continue;
    }
    // @value may list several URLs separated by spaces; each is a source.
    std::string_view rest = *d.value;
    while (!rest.empty()) {
      const size_t space = rest.find(' ');
      std::string_view url = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      if (!url.empty()) out.push_back({*scheme, media::resolve_url(mpd_url, url)});
    }
  }
  return out;
}

ClockSync::ClockSync(Transport& channel, std::function<double()> local_unix_s)
    : channel_(channel), local_unix_s_(std::move(local_unix_s)) {}

ClockSync::~ClockSync() { cancel(); }

void ClockSync::cancel() {
  channel_.cancel();
  done_ = nullptr;
}

void ClockSync::start(std::vector<UtcSource> sources, Done done) {
  cancel();
  sources_ = std::move(sources);
  next_ = 0;
  done_ = std::move(done);
  last_error_ = sources_.empty() ? "the MPD has no usable UTCTiming" : "";
  try_next();
}

void ClockSync::finish(Outcome outcome) {
  auto done = std::move(done_);
  done_ = nullptr;
  if (done) done(outcome);
}

void ClockSync::try_next() {
  if (next_ >= sources_.size()) {
    finish({std::nullopt, "", last_error_});
    return;
  }
  const UtcSource source = sources_[next_++];
  const std::string label = std::string(name_of(source.scheme)) + " " + source.value;
  if (source.scheme == UtcScheme::kDirect) {
    if (auto t = media::parse_xs_datetime(trim(source.value))) {
      finish({*t - local_unix_s_(), label, ""});
      return;
    }
    last_error_ = "UTCTiming direct '" + source.value + "' is not an xs:dateTime";
    try_next();
    return;
  }
  FetchRequest request;
  request.url = source.value;
  request.timeout_ms = kTimeRequestTimeoutMs;
  const double sent_s = local_unix_s_();
  TransferHandlers handlers;
  handlers.on_done = [this, label, sent_s](media::Result<FetchResult> result) {
    const double received_s = local_unix_s_();
    if (!result.ok()) {
      last_error_ = label + ": " + result.error().message;
    } else if (result->body.size() <= kMaxTimeBodyBytes) {
      if (auto server_s = media::parse_xs_datetime(trim(result->body))) {
        finish({clock_offset_s(*server_s, sent_s, received_s), label, ""});
        return;
      }
      last_error_ = label + ": the response holds no time";
    } else {
      last_error_ = label + ": the response holds no time";
    }
    try_next();
  };
  channel_.start(request, std::move(handlers));
}

}  // namespace player
