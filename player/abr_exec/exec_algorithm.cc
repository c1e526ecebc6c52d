#include "player/abr_exec/exec_algorithm.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <type_traits>
#include <vector>

#include "media/clock.h"
#include "player/abr_exec/protocol.h"

namespace abr_exec {
namespace {

// Idle programs by command, reused across sessions, and the commands whose
// hello was refused.
class ProcessPool {
 public:
  media::Result<Program> take(const std::string& command) {
    {
      std::scoped_lock lock(mutex_);
      if (auto r = refused_.find(command); r != refused_.end()) return r->second;
      auto& idle = idle_[command];
      if (!idle.empty()) {
        Program p = std::move(idle.back());
        idle.pop_back();
        return p;
      }
    }
    auto process = LineProcess::start(command);
    if (!process) return process.error();
    return Program{std::move(process).value(), {}};
  }
  void give_back(const std::string& command, Program p) {
    std::scoped_lock lock(mutex_);
    idle_[command].push_back(std::move(p));
  }
  void refuse(const std::string& command, const media::Error& why) {
    std::scoped_lock lock(mutex_);
    refused_.emplace(command, why);
  }
  void count(const std::string& command, double seconds, bool first_answer) {
    std::scoped_lock lock(mutex_);
    auto& c = counters_[command];
    if (first_answer) {
      ++c.first_answers;
      c.first_seconds += seconds;
    } else {
      c.add(seconds);
    }
  }
  ExecCounters counters(const std::string& command) {
    std::scoped_lock lock(mutex_);
    auto it = counters_.find(command);
    return it == counters_.end() ? ExecCounters{} : it->second;
  }

 private:
  std::mutex mutex_;  // guards idle_, refused_ and counters_
  std::map<std::string, std::vector<Program>> idle_;
  std::map<std::string, media::Error> refused_;
  std::map<std::string, ExecCounters> counters_;
};

ProcessPool& pool() {
  static ProcessPool p;
  return p;
}

}  // namespace

media::Result<std::unique_ptr<ExecAlgorithm>> ExecAlgorithm::start(const std::string& command, ExecOptions options) {
  if (command.empty()) return media::make_error(media::ErrorCode::kInvalidArgument, "exec: needs a command (exec:CMD)");
  auto program = pool().take(command);
  if (!program) return program.error().with_context("exec:" + command);
  program->process.write(start_message());
  return std::unique_ptr<ExecAlgorithm>(new ExecAlgorithm(command, options, std::move(program.value())));
}

ExecAlgorithm::ExecAlgorithm(std::string command, ExecOptions options, Program program)
    : command_(std::move(command)), name_("exec:" + command_), options_(options), program_(std::move(program)) {}

ExecAlgorithm::~ExecAlgorithm() {
  // Only a program in step with us is reused (one that failed was killed).
  // Observations still buffered are sent first, so the program's input stays
  // whole lines in order; the next session's "start" tells it to forget them.
  if (program_ && program_->process.flush().ok()) pool().give_back(command_, std::move(*program_));
}

void ExecAlgorithm::fail(const std::string& what, const media::Error& error) {
  failure_ = name_ + ": " + what + ": " + error.message;
  program_.reset();  // kills it
}

media::Result<std::string> ExecAlgorithm::read_answer(bool first_answer) {
  auto line = program_->process.read_line(options_.answer_timeout_s);
  if (!line || !first_answer) return line;
  auto hello = parse_hello(line.value());
  if (!hello) {
    pool().refuse(command_, hello.error());
    return hello.error();
  }
  if (!hello.value()) return line;  // no hello: every field, as always
  program_->fields = *hello.value();
  return program_->process.read_line(options_.answer_timeout_s);
}

template <class Message, class Parse>
auto ExecAlgorithm::ask(Message message, const char* what, Parse parse) {
  using Answer = std::remove_cvref_t<decltype(parse(std::string_view()).value())>;
  if (!program_) return std::optional<Answer>();
  const bool first_answer = !program_->process.has_answered();
  const double t0_s = media::steady_now_s();
  program_->process.write(message(program_->fields));
  auto line = read_answer(first_answer);
  if (!line) {
    fail(what, line.error());
    return std::optional<Answer>();
  }
  auto answer = parse(line.value());
  pool().count(command_, media::steady_now_s() - t0_s, first_answer);  // pipe round trips are real time
  if (!answer) {
    fail(what, answer.error());
    return std::optional<Answer>();
  }
  return std::optional<Answer>(std::move(answer.value()));
}

void ExecAlgorithm::observe(const abr::SegmentResult& result) {
  if (program_) program_->process.write(observe_message(result, program_->fields));
}

abr::Decision ExecAlgorithm::choose(const abr::AbrContext& context) {
  abr::Decision d;
  d.reason = abr::make_reason("external algorithm failed");
  const auto choice =
      ask([&](const FieldSelection& f) { return choose_message(context, f); }, "choose",
          [&](std::string_view line) { return parse_choice(line, context.rungs()); });
  if (!choice) return d;
  d = choice->decision;
  estimate_bps_ = d.estimate_bps;
  d.reason = abr::make_reason("external choice: rung %.0f, estimate %.0f kbit/s", static_cast<double>(d.rung),
                              d.estimate_bps / 1000);
  return d;
}

std::optional<size_t> ExecAlgorithm::should_abandon(const abr::DownloadProgress& progress,
                                                    const abr::AbrContext& context) {
  const auto to = ask([&](const FieldSelection& f) { return abandon_message(progress, context, f); }, "abandon",
                      [&](std::string_view line) { return parse_abandon(line, progress.rung); });
  return to ? *to : std::nullopt;
}

void ExecCounters::add(double round_trip_s) {
  ++answers;
  seconds += round_trip_s;
  answers_by_us.resize(kHistogramUs);
  const double us = std::max(0.0, round_trip_s * 1e6);
  ++answers_by_us[us < static_cast<double>(kHistogramUs) ? static_cast<size_t>(us) : kHistogramUs - 1];
}

double ExecCounters::median_us() const {
  size_t below = 0;
  for (size_t us = 0; us < answers_by_us.size(); ++us) {
    below += answers_by_us[us];
    if (2 * below >= answers) return static_cast<double>(us);
  }
  return 0;
}

ExecCounters exec_counters(const std::string& command) { return pool().counters(command); }

}  // namespace abr_exec
