// Loopback ports for tests that must name a port before a server binds it
// (nginx configurations, "a port nobody listens on").
#pragma once

namespace testing_support {

// A loopback TCP port nobody listens on right now (the kernel's pick for
// port 0), or -1. Another process may take it before the caller binds it;
// servers we start ourselves bind port 0 and print their port instead.
int free_port();
// The same for UDP (a live input to send MPEG-TS to).
int free_udp_port();

}  // namespace testing_support
