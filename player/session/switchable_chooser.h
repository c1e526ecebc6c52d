// A RateChooser whose algorithm can be replaced while the session runs (the
// UI's "a" key). The new algorithm starts from the current estimate's history
// only through what it observes next. Thread-safe.
#pragma once

#include <memory>
#include <mutex>

#include "player/session/rate_chooser.h"

namespace player {

class SwitchableChooser : public RateChooser {
 public:
  explicit SwitchableChooser(std::unique_ptr<RateChooser> initial) : inner_(std::move(initial)) {}

  void replace(std::unique_ptr<RateChooser> next) {
    std::scoped_lock lock(mutex_);
    inner_ = std::move(next);
  }
  Choice choose(const ChoiceInput& input) override {
    std::scoped_lock lock(mutex_);
    return inner_->choose(input);
  }
  std::optional<size_t> should_abandon(const AbandonQuery& query) override {
    std::scoped_lock lock(mutex_);
    return inner_->should_abandon(query);
  }
  void observe(const DownloadObservation& obs) override {
    std::scoped_lock lock(mutex_);
    inner_->observe(obs);
  }
  double estimate_bps() const override {
    std::scoped_lock lock(mutex_);
    return inner_->estimate_bps();
  }
  std::string name() const override {
    std::scoped_lock lock(mutex_);
    return inner_->name();
  }

 private:
  mutable std::mutex mutex_;  // guards inner_
  std::unique_ptr<RateChooser> inner_;
};

}  // namespace player
