// Asynchronous fetching for the streaming session: a channel carries one
// request at a time (like a persistent HTTP connection) and reports progress
// and completion as callbacks on the session's event loop. Two environments
// implement it: threaded_transport.h (real HTTP or files, a worker thread per
// channel) and virtual_network.h (a trace-driven link in virtual time).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/error.h"
#include "player/net/fetcher.h"

namespace player {

// Bytes of a response body as they arrived, and when (seconds since the
// request was sent, as in on_progress).
struct BodyPiece {
  std::string bytes;
  double elapsed_s = 0;
};

struct TransferHandlers {
  // Bytes received so far, the total when known, seconds since the request
  // was sent, and the part of them spent before the first byte. Optional:
  // without it the channel need not report progress.
  std::function<void(uint64_t received_bytes, std::optional<uint64_t> total_bytes, double elapsed_s,
                     double ttfb_s)>
      on_progress;
  // Exactly once per request that was not cancelled.
  std::function<void(media::Result<FetchResult>)> on_done;
  // The body's pieces in order, as they arrive, all of them before on_done
  // (several per call when the loop was busy). Optional, and only channels
  // whose streams_body() is true call it; the others deliver the body whole
  // in on_done (which has the whole body in either case).
  std::function<void(std::vector<BodyPiece> pieces)> on_body;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Starts `request` (its on_progress member is not used). Handlers run on
  // the event loop's thread. requires: no request in flight (cancel() first).
  virtual void start(const FetchRequest& request, TransferHandlers handlers) = 0;
  // Abandons the request in flight, if any: no handler of it runs after this.
  virtual void cancel() = 0;
};

// Makes the channels of one session (each stream owns one).
class TransportFactory {
 public:
  virtual ~TransportFactory() = default;
  virtual std::unique_ptr<Transport> make_channel() = 0;
  // Whether channels hand over body pieces as they arrive (TransferHandlers::
  // on_body): real HTTP does; a simulated network sends sizes, not bytes.
  virtual bool streams_body() const { return false; }
};

}  // namespace player
