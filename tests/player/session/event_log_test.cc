// The session log in memory: it keeps the newest records only, so a live
// session of days stays bounded, while the summary still counts every one.
#include "player/session/event_log.h"

#include <gtest/gtest.h>

#include "player/session/summary.h"

namespace player {
namespace {

SegmentRecord video(size_t index, size_t rung, double bitrate_bps, double rebuffer_s) {
  SegmentRecord r;
  r.stream = "video";
  r.index = index;
  r.rung = rung;
  r.bitrate_bps = bitrate_bps;
  r.media_duration_s = 2;
  r.rebuffer_s = rebuffer_s;
  return r;
}

TEST(EventLog, KeepsTheNewestRecordsAndSummarisesThemAll) {
  constexpr size_t kSegments = EventLog::kKeptRecords + 5000;
  const std::vector<double> ladder = {1e6, 3e6};
  const std::vector<std::string> ids = {"v0", "v1"};
  EventLog log;
  std::vector<SegmentRecord> all;
  std::vector<nlohmann::json> all_events;
  for (size_t i = 0; i < kSegments; ++i) {
    // A switch every 100 segments, a stall every 1000, a retry every 10.
    all.push_back(video(i, (i / 100) % 2, ladder[(i / 100) % 2], i % 1000 == 0 ? 0.5 : 0));
    log.segment(all.back());
    if (i % 10 == 0) {
      log.event(double(i), "retry", {{"index", i}});
      all_events.push_back({{"event", "retry"}});
    }
  }
  const auto kept = log.segments();
  ASSERT_EQ(kept.size(), EventLog::kKeptRecords);
  EXPECT_EQ(kept.front().index, kSegments - EventLog::kKeptRecords);
  EXPECT_EQ(kept.back().index, kSegments - 1);
  EXPECT_EQ(log.events().size(), kSegments / 10);  // under the bound: all kept

  const SessionSummary from_tally = summarize(log.tally(), ladder, ids);
  const SessionSummary from_records = summarize(all, all_events, ladder, ids);
  EXPECT_EQ(from_tally.video_segments, kSegments);
  EXPECT_EQ(from_tally.retries, kSegments / 10);
  EXPECT_EQ(from_tally.switches, from_records.switches);
  EXPECT_EQ(from_tally.switches, int(kSegments / 100 - 1));
  EXPECT_DOUBLE_EQ(from_tally.avg_bitrate_bps, from_records.avg_bitrate_bps);
  EXPECT_DOUBLE_EQ(from_tally.qoe_lin, from_records.qoe_lin);
  EXPECT_DOUBLE_EQ(from_tally.qoe_log, from_records.qoe_log);
  ASSERT_EQ(from_tally.rungs.size(), 2u);
  EXPECT_DOUBLE_EQ(from_tally.rungs[0].media_s + from_tally.rungs[1].media_s, 2.0 * kSegments);
}

TEST(EventLog, DropsTheOldestEventsBeyondTheBound) {
  EventLog log;
  for (size_t i = 0; i < EventLog::kKeptRecords + 10; ++i) log.event(double(i), "mpd_refresh", {{"n", i}});
  const auto events = log.events();
  ASSERT_EQ(events.size(), EventLog::kKeptRecords);
  EXPECT_EQ(events.front()["n"].get<size_t>(), 10u);
}

}  // namespace
}  // namespace player
