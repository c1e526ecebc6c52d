// The virtual-time Transport: every channel of a session (or of several
// sessions) sends its requests over one SharedLink driven by a network trace,
// on the session's EventLoop with a ManualClock. What each URL answers comes
// from a ContentSource: sizes only (the simulator: no bytes are made), real
// bytes from disk (tests that decode), or faults (tests of retries,
// failover, skipping). Not thread-safe: everything runs on the loop thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "player/net/shared_link.h"
#include "player/net/transport.h"
#include "player/session/event_loop.h"

namespace player {

// How the network answers one request.
struct VirtualResponse {
  int status = 200;                          // ≥ 400: an error at the first byte, no body
  uint64_t size_bytes = 0;                   // body size
  std::shared_ptr<const std::string> body;   // the bytes, when the client needs them (may be null)
  std::optional<uint64_t> drop_after_bytes;  // the connection breaks after this many body bytes
  bool never_answers = false;                // no first byte ever: the request times out
  std::string date_header;                   // the Date header to answer with (empty: none)
};

class ContentSource {
 public:
  virtual ~ContentSource() = default;
  virtual VirtualResponse respond(const FetchRequest& request) = 0;
};

// Answers from a table of URL → size (404 for anything else; the query is
// ignored). No bytes.
class SizeTableContent final : public ContentSource {
 public:
  explicit SizeTableContent(const std::unordered_map<std::string, uint64_t>& sizes) : sizes_(sizes) {}
  VirtualResponse respond(const FetchRequest& request) override;

 private:
  const std::unordered_map<std::string, uint64_t>& sizes_;  // shared, read-only
};

// Answers with the bytes of local files (URLs are paths or file:// URLs).
class FileContent final : public ContentSource {
 public:
  VirtualResponse respond(const FetchRequest& request) override;

 private:
  std::unordered_map<std::string, std::shared_ptr<const std::string>> cache_;  // path → whole file
};

struct VirtualNetworkOptions {
  double latency_scale = 1;           // multiplies the trace's latencies
  double progress_interval_s = 0.05;  // a transfer with a progress handler reports this often
};

class VirtualNetwork final : public TransportFactory {
 public:
  // `periods` and `content` must outlive the network; the network must
  // outlive its channels.
  VirtualNetwork(EventLoop& loop, std::span<const media::TracePeriod> periods, ContentSource& content,
                 VirtualNetworkOptions options = {});
  ~VirtualNetwork() override;

  std::unique_ptr<Transport> make_channel() override;
  const SharedLink& link() const { return link_; }

 private:
  class Channel;
  friend class Channel;
  // Brings the link to the loop's time and finishes the flows that completed.
  void sync();
  // Hands the completions in done_ to their channels and sets the next timer.
  void finish_completed();
  // Sets the timer for the next flow completion.
  void reschedule();
  SharedLink::FlowId add_flow(Channel* channel, double bytes);
  void remove_flow(SharedLink::FlowId id);

  EventLoop& loop_;
  SharedLink link_;
  ContentSource& content_;
  VirtualNetworkOptions options_;
  std::unordered_map<SharedLink::FlowId, Channel*> flows_;
  EventLoop::TimerId completion_timer_ = 0;
  std::vector<SharedLink::Completion> done_;  // scratch
};

}  // namespace player
