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
  if (uri == "urn:mpeg:dash:utc:http-head:2014") return UtcScheme::kHttpHead;
  return std::nullopt;
}

const char* name_of(UtcScheme s) {
  switch (s) {
    case UtcScheme::kHttpXsdate: return "http-xsdate";
    case UtcScheme::kHttpIso: return "http-iso";
    case UtcScheme::kDirect: return "direct";
    case UtcScheme::kHttpHead: return "http-head";
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

std::optional<double> parse_http_date(std::string_view text) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  text = trim(text);
  // "Sun, 06 Dec 2026 19:44:46 GMT": 29 characters, fixed positions.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return std::nullopt;
  auto digits = [&](size_t at, size_t n) -> std::optional<int> {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  bool day_ok = false;
  for (const char* d : kDays) day_ok = day_ok || text.substr(0, 3) == d;
  int month = -1;
  for (int m = 0; m < 12; ++m)
    if (text.substr(8, 3) == kMonths[m]) month = m;
  const auto day = digits(5, 2), year = digits(12, 4), hour = digits(17, 2), minute = digits(20, 2),
             second = digits(23, 2);
  if (!day_ok || month < 0 || !day || !year || !hour || !minute || !second || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60)
    return std::nullopt;
  // Days since 1970-01-01 (civil calendar, Howard Hinnant's days_from_civil).
  const int y = *year - (month < 2 ? 1 : 0), mp = (month + 10) % 12;
  const int era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
  const int doy = (153 * mp + 2) / 5 + *day - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const double days = static_cast<double>(era) * 146097 + doe - 719468;
  return days * 86400 + *hour * 3600 + *minute * 60 + *second;
}

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
  request.head = source.scheme == UtcScheme::kHttpHead;
  const double sent_s = local_unix_s_();
  TransferHandlers handlers;
  handlers.on_done = [this, label, sent_s, head = request.head](media::Result<FetchResult> result) {
    const double received_s = local_unix_s_();
    if (!result.ok()) {
      last_error_ = label + ": " + result.error().message;
    } else if (head) {
      // The Date header has whole seconds: the server's time lies somewhere
      // in that second, so its middle is the best guess (±0.5 s).
      if (auto server_s = parse_http_date(result->date_header)) {
        finish({clock_offset_s(*server_s + 0.5, sent_s, received_s), label, ""});
        return;
      }
      last_error_ = label + ": no HTTP Date header in the response";
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
