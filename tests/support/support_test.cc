// The shared test helpers themselves: CSV parsing, free ports, and an origin
// that is gone (killed and reaped) once its scope ends.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <thread>

#include "support/csv.h"
#include "support/net.h"
#include "support/origin_process.h"
#include "support/process.h"
#include "support/raw_http.h"

namespace testing_support {
namespace {

TEST(Csv, ReadsHeaderAndRowsWithQuotesAndCrLf) {
  auto t = parse_csv("a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\r\n\r\n2,,3\n");
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->header, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0], (std::vector<std::string>{"1", "x,y", "say \"hi\""}));
  EXPECT_EQ(t->rows[1], (std::vector<std::string>{"2", "", "3"}));
  EXPECT_EQ(t->column("c"), 2u);
  EXPECT_FALSE(t->column("d"));
}

TEST(Csv, RaggedRowsAndOpenQuotesAreErrorsNamingTheLine) {
  auto ragged = parse_csv("a,b\n1,2\n3\n");
  ASSERT_FALSE(ragged.ok());
  EXPECT_NE(ragged.error().message.find("line 3"), std::string::npos) << ragged.error();
  auto open_quote = parse_csv("a\n\"x\n");
  ASSERT_FALSE(open_quote.ok());
  EXPECT_NE(open_quote.error().message.find("quote"), std::string::npos) << open_quote.error();
  EXPECT_FALSE(parse_csv("\n\n").ok());
  EXPECT_FALSE(read_csv("/nonexistent/x.csv").ok());
}

TEST(FreePort, NobodyListensThere) {
  const int port = free_port();
  ASSERT_GT(port, 0);
  EXPECT_LT(connect_loopback(port), 0);
}

TEST(OriginProcess, ServesAndIsReapedWhenItsScopeEnds) {
  ScratchDir dir("support-origin");
  std::filesystem::create_directories(dir / "root");
  std::ofstream(dir / "root" / "a.txt") << "hello";
  pid_t pid = -1;
  {
    OriginProcess origin(dir / "root", dir.path());
    ASSERT_TRUE(origin.ok()) << origin.error();
    pid = origin.pid();
    EXPECT_EQ(status_of(raw_exchange(origin.port(), "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")), 200);
    // The log line is written just after the response is sent.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (origin.access_log().find("GET /a.txt") == std::string::npos && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_NE(origin.access_log().find("GET /a.txt"), std::string::npos) << origin.access_log();
  }
  // Killed and reaped: no such process (a zombie would still answer kill 0).
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST(OriginProcess, ABadCommandLineIsReportedNotHung) {
  ScratchDir dir("support-origin-bad");
  OriginProcess origin(dir / "missing-root", dir.path());
  EXPECT_FALSE(origin.ok());
  EXPECT_NE(origin.error().find("content root"), std::string::npos) << origin.error();
}

}  // namespace
}  // namespace testing_support
