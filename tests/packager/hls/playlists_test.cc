// HLS playlists from a written presentation: exact media playlists for both
// profiles, variants per audio group with rates summed per segment, audio
// only, target durations, keys.
#include "packager/hls/playlists.h"

#include <gtest/gtest.h>

#include <cmath>

namespace packager::hls {
namespace {

std::vector<SegmentWritten> segments(const std::string& id, std::vector<int64_t> durations, std::vector<uint64_t> sizes,
                                     bool single_file) {
  std::vector<SegmentWritten> out;
  int64_t t = 0;
  uint64_t offset = 1000;
  for (size_t i = 0; i < durations.size(); ++i) {
    SegmentWritten s;
    s.rep_id = id;
    s.index = i + 1;
    s.start_ticks = t;
    s.duration_ticks = durations[i];
    s.size_bytes = sizes[i];
    s.path = single_file ? id + ".mp4" : id + "-" + std::to_string(i + 1) + ".m4s";
    s.offset_bytes = single_file ? offset : 0;
    out.push_back(s);
    t += durations[i];
    offset += sizes[i];
  }
  return out;
}

RepresentationDescription rep(const std::string& id, ContentKind kind, bool single_file) {
  RepresentationDescription r;
  r.id = id;
  r.kind = kind;
  if (single_file) {
    r.files.single_file = id + ".mp4";
    r.files.init_size_bytes = 700;
  } else {
    r.files.init_name = id + "-init.mp4";
  }
  return r;
}

PresentationDescription presentation(bool single_file) {
  PresentationDescription p;
  RepresentationDescription v = rep("v0", ContentKind::kVideo, single_file);
  v.codecs = "avc1.64001f";
  v.timescale = 90000;
  v.width = 1280;
  v.height = 720;
  v.frame_rate = "30000/1001";
  v.segments = segments("v0", {360360, 180180}, {1'000'000, 400'000}, single_file);
  p.representations.push_back(v);
  for (int i = 0; i < 2; ++i) {
    RepresentationDescription a = rep("a" + std::to_string(i), ContentKind::kAudio, single_file);
    a.codecs = "mp4a.40.2";
    a.timescale = 48000;
    a.channels = 2;
    a.lang = i == 0 ? "en" : "fr";
    a.label = i == 0 ? "English" : "French";
    a.role = i == 0 ? TrackRole::kMain : TrackRole::kDescription;
    a.segments = segments(a.id, {192192, 96096}, {i == 0 ? 64'000u : 70'000u, 30'000u}, single_file);
    p.representations.push_back(a);
  }
  RepresentationDescription t = rep("s0", ContentKind::kText, single_file);
  t.codecs = "wvtt";
  t.timescale = 90000;
  t.lang = "de";
  t.label = "Deutsch";
  t.role = TrackRole::kCaption;
  t.text_segments = segments("s0", {360360, 180180}, {80, 40}, false);
  for (auto& s : t.text_segments) s.path = "s0-" + std::to_string(s.index) + ".vtt";
  p.representations.push_back(t);
  return p;
}

const Playlist* find(const HlsPlaylists& h, const std::string& name) {
  for (const auto& p : h.media)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(HlsPlaylists, LiveProfileMediaPlaylist) {
  auto h = build_playlists(presentation(false), {});
  ASSERT_TRUE(h.ok()) << h.error();
  ASSERT_EQ(h->media.size(), 4u);
  EXPECT_EQ(find(*h, "v0.m3u8")->text,
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"v0-init.mp4\"\n#EXTINF:4.004000,\nv0-1.m4s\n"
            "#EXTINF:2.002000,\nv0-2.m4s\n#EXT-X-ENDLIST\n");
  EXPECT_EQ(find(*h, "s0.m3u8")->text,
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n"
            "#EXT-X-INDEPENDENT-SEGMENTS\n#EXTINF:4.004000,\ns0-1.vtt\n#EXTINF:2.002000,\ns0-2.vtt\n#EXT-X-ENDLIST\n");
}

TEST(HlsPlaylists, OnDemandProfileByteRanges) {
  auto h = build_playlists(presentation(true), {});
  ASSERT_TRUE(h.ok()) << h.error();
  const std::string& a0 = find(*h, "a0.m3u8")->text;
  EXPECT_NE(a0.find("#EXT-X-MAP:URI=\"a0.mp4\",BYTERANGE=\"700@0\"\n"), std::string::npos) << a0;
  EXPECT_NE(a0.find("#EXTINF:4.004000,\n#EXT-X-BYTERANGE:64000@1000\na0.mp4\n"
                    "#EXTINF:2.002000,\n#EXT-X-BYTERANGE:30000@65000\na0.mp4\n"),
            std::string::npos)
      << a0;
}

TEST(HlsPlaylists, MasterWithGroupsAndMeasuredRates) {
  auto h = build_playlists(presentation(false), {});
  ASSERT_TRUE(h.ok());
  // Peak: max over segments and audio renditions of (video + audio bits) / duration;
  // average: the same over the whole duration, with the larger rendition (fr: 70 kB + 30 kB).
  const uint64_t peak = static_cast<uint64_t>(std::ceil((1'000'000 + 70'000) * 8 / 4.004));
  const uint64_t average = static_cast<uint64_t>(std::ceil((1'400'000 + 100'000) * 8 / 6.006));
  EXPECT_EQ(h->master.text,
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio-mp4a.40.2-2ch\",LANGUAGE=\"en\",NAME=\"English\",DEFAULT=YES,"
            "AUTOSELECT=YES,CHANNELS=\"2\",URI=\"a0.m3u8\"\n"
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio-mp4a.40.2-2ch\",LANGUAGE=\"fr\",NAME=\"French\",DEFAULT=NO,"
            "AUTOSELECT=NO,CHARACTERISTICS=\"public.accessibility.describes-video\",CHANNELS=\"2\",URI=\"a1.m3u8\"\n"
            "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"de\",NAME=\"Deutsch\",DEFAULT=NO,AUTOSELECT=YES,"
            "FORCED=NO,CHARACTERISTICS=\"public.accessibility.transcribes-spoken-dialog,"
            "public.accessibility.describes-music-and-sound\",URI=\"s0.m3u8\"\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(peak) + ",AVERAGE-BANDWIDTH=" + std::to_string(average) +
                ",CODECS=\"avc1.64001f,mp4a.40.2,wvtt\",RESOLUTION=1280x720,FRAME-RATE=29.970,"
                "AUDIO=\"audio-mp4a.40.2-2ch\",SUBTITLES=\"subs\"\nv0.m3u8\n");
}

TEST(HlsPlaylists, AudioOnlyAndKeys) {
  PresentationDescription p = presentation(false);
  p.representations.erase(p.representations.begin());  // no video
  HlsOptions o;
  o.key = KeyTag{"SAMPLE-AES-CTR", "data:text/plain;base64,AAAA", "identity", "00112233445566778899aabbccddeeff"};
  auto h = build_playlists(p, o);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->master.text.find("#EXT-X-MEDIA:TYPE=AUDIO"), std::string::npos) << h->master.text;
  EXPECT_NE(h->master.text.find("CODECS=\"mp4a.40.2,wvtt\",SUBTITLES=\"subs\"\na0.m3u8\n"), std::string::npos)
      << h->master.text;
  const std::string key = "METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64,AAAA\",KEYFORMAT=\"identity\","
                          "KEYFORMATVERSIONS=\"1\",KEYID=0x00112233445566778899aabbccddeeff\n";
  EXPECT_NE(h->master.text.find("#EXT-X-SESSION-KEY:" + key), std::string::npos) << h->master.text;
  EXPECT_NE(find(*h, "a0.m3u8")->text.find("#EXT-X-KEY:" + key), std::string::npos);
  EXPECT_EQ(find(*h, "s0.m3u8")->text.find("#EXT-X-KEY"), std::string::npos);  // WebVTT stays clear
  p.representations.clear();
  EXPECT_FALSE(build_playlists(p, {}).ok());
}

TEST(HlsPlaylists, TargetDurationRoundsToNearest) {
  EXPECT_EQ(target_duration_s({}, 90000), 1);
  std::vector<SegmentWritten> s(2);
  s[0].duration_ticks = 90000 * 4 + 40000;  // 4.44 s
  s[1].duration_ticks = 90000 * 4 + 50000;  // 4.56 s
  EXPECT_EQ(target_duration_s(s, 90000), 5);
  s.pop_back();
  EXPECT_EQ(target_duration_s(s, 90000), 4);
}

}  // namespace
}  // namespace packager::hls
