// exec:COMMAND — an ABR algorithm run by an external program that speaks the
// JSON-lines protocol of protocol.h over its stdin and stdout (README.md).
// It is an abr::AbrAlgorithm like the built-in ones, so the simulator and the
// player run it unchanged; unlike them it does I/O, which is why it lives
// outside the pure player/abr/.
//
// Programs are reused: a session takes an idle program for its command from
// a process-wide pool (or starts one), sends {"type":"start"}, and gives it
// back when it ends, unless something went wrong. A program may open with a
// hello choosing the fields it reads (fields.h); the choice stays with it
// for all its sessions. A hello that is wrong fails the session, and every
// later one of that command at once, without starting the program again
// (it would say the same: a mistake in the program, not a passing failure). A program that exits,
// writes something that is not a valid answer, or does not answer within the
// timeout fails the algorithm: failure() says what happened, every later
// choice is rung 0 and the program is killed, never reused.
// Not thread-safe (one session); the pool and the counters are.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "media/error.h"
#include "player/abr/algorithm.h"
#include "player/abr_exec/fields.h"
#include "player/abr_exec/line_process.h"

namespace abr_exec {

struct ExecOptions {
  double answer_timeout_s = 10;  // a program that thinks longer than this is considered hung
};

// A running program and the fields it asked for (it says hello only once).
struct Program {
  LineProcess process;
  FieldSelection fields;
};

class ExecAlgorithm : public abr::AbrAlgorithm {
 public:
  // Starts (or reuses) a program for `command`.
  static media::Result<std::unique_ptr<ExecAlgorithm>> start(const std::string& command, ExecOptions options = {});
  ~ExecAlgorithm() override;

  std::string_view name() const override { return name_; }
  void observe(const abr::SegmentResult& result) override;
  abr::Decision choose(const abr::AbrContext& context) override;
  std::optional<size_t> should_abandon(const abr::DownloadProgress& progress, const abr::AbrContext& context) override;
  double estimate_bps() const override { return estimate_bps_; }
  std::string failure() const override { return failure_; }

 private:
  ExecAlgorithm(std::string command, ExecOptions options, Program program);
  // Sends `message(fields)` (the question with the fields the program wants)
  // and returns the answer as `parse` (line → media::Result<T>) reads it;
  // counts the round trip, encoding and parsing included. On failure records
  // it and returns nothing.
  template <class Message, class Parse>
  auto ask(Message message, const char* what, Parse parse);
  void fail(const std::string& what, const media::Error& error);
  // The answer's line; before the program's first answer, a hello may come.
  media::Result<std::string> read_answer(bool first_answer);

  std::string command_, name_;
  ExecOptions options_;
  std::optional<Program> program_;  // empty once failed
  std::string failure_;
  double estimate_bps_ = 0;
};

// Questions answered over the pipe so far by the programs of `command`
// (choose and abandon), and the time spent on them: from writing the
// question (with the observations buffered before it) to having parsed the
// answer, i.e. encoding, the socket both ways, the program's own work,
// reading and parsing. The first answer of each program also waits for the
// program to start (an interpreter and its imports: from 0.05 s to over a
// second for python3 on a busy machine), a one-off cost counted apart, so
// that decisions/s is the rate of a running program. On a machine busy with
// other work the mean also carries the round trips during which a process
// waited for a CPU; the median shows a typical one.
struct ExecCounters {
  static constexpr size_t kHistogramUs = 10000;  // round trips of 10 ms or more share the last bucket

  size_t answers = 0;  // by programs that had answered before
  double seconds = 0;
  std::vector<size_t> answers_by_us;  // [k]: those answers that took k µs (k + 1 rounded down)
  size_t first_answers = 0;  // one per program started
  double first_seconds = 0;  // the program's start-up included

  void add(double round_trip_s);
  double answers_per_s() const { return seconds > 0 ? static_cast<double>(answers) / seconds : 0; }
  double median_us() const;  // of `answers`, to 1 µs; 0 when there are none
};
ExecCounters exec_counters(const std::string& command);

}  // namespace abr_exec
