# Every dependency comes from a Debian 12 package (scripts/setup.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(LIBAV REQUIRED IMPORTED_TARGET
  libavformat libavcodec libavutil libswscale libswresample libavfilter)
pkg_check_modules(PUGIXML REQUIRED IMPORTED_TARGET pugixml)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(SDL2 REQUIRED)
find_package(SDL2_ttf REQUIRED)
# Debian builds cpp-httplib as a shared library (with OpenSSL, zlib and brotli
# support); its pkg-config file carries the defines the header must see.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
find_package(OpenSSL 3 REQUIRED)  # dash-origin's TLS (libssl-dev)
if(DASHSTREAM_TESTS)
  find_package(GTest REQUIRED)
endif()
find_package(benchmark QUIET)

add_library(cpp_httplib INTERFACE)
target_link_libraries(cpp_httplib INTERFACE PkgConfig::HTTPLIB Threads::Threads)
add_library(httplib_header ALIAS cpp_httplib)  # the name used by earlier branches
