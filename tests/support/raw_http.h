// Raw TCP exchanges for tests that must send what no HTTP client would.
#pragma once

#include <chrono>
#include <string>

namespace testing_support {

// Connects to 127.0.0.1:port, sends `request` as is, reads until the server
// closes or `timeout` passes, and returns what came back.
std::string raw_exchange(int port, const std::string& request,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

// The status code of the first response line, or -1.
int status_of(const std::string& response);

// A connected socket (or -1); the caller closes it.
int connect_loopback(int port);

}  // namespace testing_support
