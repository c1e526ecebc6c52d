#include "player/net/virtual_network.h"

#include "media/file_io.h"
#include "media/url.h"

namespace player {
namespace {

media::Error request_error(media::ErrorCode code, const FetchRequest& req, const std::string& why) {
  return media::make_error(code, "GET " + req.url + ": " + why);
}

// The part of a body a Range asks for: {offset, length}; nullopt when unsatisfiable.
std::optional<std::pair<uint64_t, uint64_t>> range_of(const FetchRequest& req, uint64_t size) {
  if (!req.range) return std::pair<uint64_t, uint64_t>{0, size};
  const uint64_t first = req.range->first;
  const uint64_t last = req.range->last.value_or(size == 0 ? 0 : size - 1);
  if (size == 0 || first > last || last >= size) return std::nullopt;
  return std::pair<uint64_t, uint64_t>{first, last - first + 1};
}

}  // namespace

VirtualResponse SizeTableContent::respond(const FetchRequest& request) {
  VirtualResponse r;
  // A static file server ignores the query (CMCD rides there).
  auto it = sizes_.find(request.url.substr(0, request.url.find('?')));
  if (it == sizes_.end()) {
    r.status = 404;
    return r;
  }
  auto part = range_of(request, it->second);
  if (!part) {
    r.status = 416;
    return r;
  }
  r.size_bytes = part->second;
  return r;
}

VirtualResponse FileContent::respond(const FetchRequest& request) {
  VirtualResponse r;
  std::string path = request.url;
  if (path.rfind("file://", 0) == 0) path = media::split_url(path).path;
  auto it = cache_.find(path);
  if (it == cache_.end()) {
    auto data = media::read_file(path, 1u << 30);
    if (!data.ok()) {
      r.status = 404;
      return r;
    }
    it = cache_.emplace(path, std::make_shared<const std::string>(std::move(data).value())).first;
  }
  auto part = range_of(request, it->second->size());
  if (!part) {
    r.status = 416;
    return r;
  }
  r.size_bytes = part->second;
  r.body = part->first == 0 && part->second == it->second->size()
               ? it->second
               : std::make_shared<const std::string>(it->second->substr(part->first, part->second));
  return r;
}

// One request at a time: waiting for its first byte, then a flow on the link.
class VirtualNetwork::Channel final : public Transport {
 public:
  explicit Channel(VirtualNetwork& net) : net_(net) {}
  ~Channel() override { cancel(); }

  void start(const FetchRequest& request, TransferHandlers handlers) override {
    cancel();
    ++generation_;
    completed_ = false;
    request_ = request;
    handlers_ = std::move(handlers);
    response_ = net_.content_.respond(request_);
    sent_s_ = net_.loop_.now_s();
    const uint64_t gen = generation_;
    // Time to the first byte is bounded; once bytes flow the fluid link never
    // goes silent for long (zero-rate trace periods aside), so the transfer is not.
    if (request_.timeout_ms > 0)
      timeout_timer_ = net_.loop_.at(sent_s_ + request_.timeout_ms / 1000, [this, gen] {
        timeout_timer_ = 0;
        if (gen == generation_) fail(media::ErrorCode::kTimeout,
                                     "timeout after " + std::to_string(int(request_.timeout_ms)) + " ms");
      });
    if (response_.never_answers) return;
    first_byte_timer_ = net_.loop_.at(net_.link_.first_byte_s(sent_s_), [this, gen] {
      first_byte_timer_ = 0;
      if (gen == generation_) on_first_byte();
    });
  }

  void cancel() override {
    ++generation_;
    net_.loop_.cancel(timeout_timer_);
    net_.loop_.cancel(first_byte_timer_);
    net_.loop_.cancel(progress_timer_);
    if (flow_) {
      net_.remove_flow(*flow_);
      flow_.reset();
    }
  }

  // The link delivered the flow's last byte at `t_s`. The handler runs from
  // a timer, never inside whoever moved the link (it may start a request).
  void flow_completed(double t_s) {
    flow_.reset();
    completed_ = true;
    complete_s_ = t_s;
    const uint64_t gen = generation_;
    net_.loop_.at(net_.loop_.now_s(), [this, gen] {
      if (gen == generation_) deliver();
    });
  }

 private:
  void on_first_byte() {
    net_.loop_.cancel(timeout_timer_);
    first_byte_s_ = net_.loop_.now_s();
    if (response_.status >= 400) {
      fail(response_.status == 404 ? media::ErrorCode::kNotFound : media::ErrorCode::kNetwork,
           "HTTP " + std::to_string(response_.status));
      return;
    }
    const uint64_t bytes =
        response_.drop_after_bytes ? std::min(*response_.drop_after_bytes, response_.size_bytes) : response_.size_bytes;
    const SharedLink::FlowId id = net_.add_flow(this, static_cast<double>(bytes));
    if (completed_) return;  // nothing to send: already done
    flow_ = id;
    if (handlers_.on_progress) schedule_progress();
  }

  void deliver() {
    if (response_.drop_after_bytes && *response_.drop_after_bytes < response_.size_bytes) {
      fail(media::ErrorCode::kNetwork, "connection closed after " + std::to_string(*response_.drop_after_bytes) + " bytes");
      return;
    }
    FetchResult result;
    result.http_status = response_.status;
    result.date_header = response_.date_header;
    result.ttfb_ms = (first_byte_s_ - sent_s_) * 1000;
    result.transfer_ms = (complete_s_ - first_byte_s_) * 1000;
    result.size_bytes = response_.size_bytes;
    if (response_.body) result.body = *response_.body;
    finish(std::move(result));
  }

  void schedule_progress() {
    const uint64_t gen = generation_;
    progress_timer_ = net_.loop_.after(net_.options_.progress_interval_s, [this, gen] {
      progress_timer_ = 0;
      if (gen != generation_ || !flow_) return;
      net_.sync();
      if (gen != generation_ || !flow_) return;
      const auto received = static_cast<uint64_t>(net_.link_.received(*flow_));
      const double now = net_.loop_.now_s();
      schedule_progress();  // before the handler, which may cancel
      handlers_.on_progress(received, response_.size_bytes, now - sent_s_, first_byte_s_ - sent_s_);
    });
  }

  void fail(media::ErrorCode code, const std::string& why) { finish(request_error(code, request_, why)); }

  void finish(media::Result<FetchResult> result) {
    auto on_done = std::move(handlers_.on_done);
    cancel();
    if (on_done) on_done(std::move(result));
  }

  VirtualNetwork& net_;
  FetchRequest request_;
  TransferHandlers handlers_;
  VirtualResponse response_;
  uint64_t generation_ = 0;  // handlers of older requests are stale
  double sent_s_ = 0;
  double first_byte_s_ = 0;
  double complete_s_ = 0;
  bool completed_ = false;  // the link delivered everything; the handler is due
  std::optional<SharedLink::FlowId> flow_;
  EventLoop::TimerId timeout_timer_ = 0;
  EventLoop::TimerId first_byte_timer_ = 0;
  EventLoop::TimerId progress_timer_ = 0;
};

VirtualNetwork::VirtualNetwork(EventLoop& loop, std::span<const media::TracePeriod> periods, ContentSource& content,
                               VirtualNetworkOptions options)
    : loop_(loop), link_(periods, options.latency_scale), content_(content), options_(options) {
  link_.advance(loop_.now_s(), done_);
  done_.clear();
}

VirtualNetwork::~VirtualNetwork() { loop_.cancel(completion_timer_); }

std::unique_ptr<Transport> VirtualNetwork::make_channel() { return std::make_unique<Channel>(*this); }

void VirtualNetwork::finish_completed() {
  for (const auto& c : done_) {
    auto it = flows_.find(c.id);
    if (it == flows_.end()) continue;
    it->second->flow_completed(c.t_s);
    flows_.erase(it);
  }
  done_.clear();
  reschedule();
}

void VirtualNetwork::sync() {
  link_.advance(loop_.now_s(), done_);
  if (!done_.empty()) finish_completed();
}

void VirtualNetwork::reschedule() {
  // A timer due earlier stays: when it fires, sync() finds nothing done and
  // comes back here (cheaper than rescheduling on every change of the flows).
  const double t = link_.next_completion_s();
  if (t == SharedLink::kNever || loop_.due_s(completion_timer_) <= t) return;
  loop_.cancel(completion_timer_);
  completion_timer_ = loop_.at(t, [this] {
    completion_timer_ = 0;
    sync();
    reschedule();  // when it fired early, nothing completed: set the next one
  });
}

SharedLink::FlowId VirtualNetwork::add_flow(Channel* channel, double bytes) {
  const SharedLink::FlowId id = link_.add(loop_.now_s(), bytes, done_);
  flows_[id] = channel;
  finish_completed();
  return id;
}

void VirtualNetwork::remove_flow(SharedLink::FlowId id) {
  flows_.erase(id);
  link_.remove(loop_.now_s(), id, done_);
  finish_completed();
}

}  // namespace player
