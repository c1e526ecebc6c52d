# Every dependency comes from a Debian 12 package (scripts/setup.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(LIBAV REQUIRED IMPORTED_TARGET
  libavformat libavcodec libavutil libswscale libswresample libavfilter)
pkg_check_modules(PUGIXML REQUIRED IMPORTED_TARGET pugixml)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(SDL2 REQUIRED)
find_package(SDL2_ttf QUIET)
find_path(HTTPLIB_INCLUDE_DIR httplib.h REQUIRED)
if(DASHSTREAM_TESTS)
  find_package(GTest REQUIRED)
endif()
find_package(benchmark QUIET)

# cpp-httplib is header-only; this target carries its include dir and link needs.
add_library(httplib_header INTERFACE)
target_include_directories(httplib_header SYSTEM INTERFACE ${HTTPLIB_INCLUDE_DIR})
target_link_libraries(httplib_header INTERFACE Threads::Threads)
