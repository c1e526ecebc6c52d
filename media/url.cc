#include "media/url.h"

#include <vector>

namespace media {
namespace {

bool is_scheme_char(char c, bool first) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) return alpha;
  return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// RFC 3986 §5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::vector<std::string_view> out;
  bool absolute = !in.empty() && in.front() == '/';
  bool trailing_slash = false;
  size_t i = absolute ? 1 : 0;
  while (i <= in.size()) {
    size_t slash = in.find('/', i);
    std::string_view seg = in.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    bool last = slash == std::string_view::npos;
    trailing_slash = false;
    if (seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else {
      out.push_back(seg);
    }
    if (last) break;
    i = slash + 1;
  }
  std::string result = absolute ? "/" : "";
  for (size_t k = 0; k < out.size(); ++k) {
    if (k > 0) result += '/';
    result += out[k];
  }
  if (trailing_slash && !result.empty() && result.back() != '/') result += '/';
  return result;
}

std::string merge_paths(const UrlParts& base, std::string_view ref_path) {
  if (base.has_authority && base.path.empty()) return "/" + std::string(ref_path);
  size_t slash = base.path.rfind('/');
  if (slash == std::string::npos) return std::string(ref_path);
  return base.path.substr(0, slash + 1) + std::string(ref_path);
}

}  // namespace

bool is_absolute_url(std::string_view url) {
  size_t i = 0;
  while (i < url.size() && is_scheme_char(url[i], i == 0)) ++i;
  return i > 0 && i < url.size() && url[i] == ':';
}

UrlParts split_url(std::string_view url) {
  UrlParts p;
  if (is_absolute_url(url)) {
    size_t colon = url.find(':');
    p.scheme = std::string(url.substr(0, colon));
    url.remove_prefix(colon + 1);
  }
  if (size_t hash = url.find('#'); hash != std::string_view::npos) {
    p.fragment = std::string(url.substr(hash + 1));
    p.has_fragment = true;
    url = url.substr(0, hash);
  }
  if (size_t q = url.find('?'); q != std::string_view::npos) {
    p.query = std::string(url.substr(q + 1));
    p.has_query = true;
    url = url.substr(0, q);
  }
  if (url.size() >= 2 && url[0] == '/' && url[1] == '/') {
    url.remove_prefix(2);
    size_t slash = url.find('/');
    p.authority = std::string(url.substr(0, slash));
    p.has_authority = true;
    url = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  }
  p.path = std::string(url);
  return p;
}

std::string join_url(const UrlParts& p) {
  std::string out;
  if (!p.scheme.empty()) out += p.scheme + ":";
  if (p.has_authority) out += "//" + p.authority;
  out += p.path;
  if (p.has_query) out += "?" + p.query;
  if (p.has_fragment) out += "#" + p.fragment;
  return out;
}

std::string resolve_url(std::string_view base_text, std::string_view reference) {
  if (base_text.empty()) return std::string(reference);
  UrlParts ref = split_url(reference);
  UrlParts base = split_url(base_text);
  UrlParts t;
  if (!ref.scheme.empty()) {
    t = ref;
    t.path = remove_dot_segments(ref.path);
  } else {
    if (ref.has_authority) {
      t.authority = ref.authority;
      t.has_authority = true;
      t.path = remove_dot_segments(ref.path);
      t.query = ref.query;
      t.has_query = ref.has_query;
    } else {
      if (ref.path.empty()) {
        t.path = base.path;
        t.query = ref.has_query ? ref.query : base.query;
        t.has_query = ref.has_query || base.has_query;
      } else {
        t.path = ref.path.front() == '/' ? remove_dot_segments(ref.path)
                                         : remove_dot_segments(merge_paths(base, ref.path));
        t.query = ref.query;
        t.has_query = ref.has_query;
      }
      t.authority = base.authority;
      t.has_authority = base.has_authority;
    }
    t.scheme = base.scheme;
  }
  t.fragment = ref.fragment;
  t.has_fragment = ref.has_fragment;
  return join_url(t);
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace media
