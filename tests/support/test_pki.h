// A throw-away certificate authority for TLS tests, made with the openssl CLI:
// a CA and server certificates it signed (P-256 keys, valid two days).
#pragma once

#include <filesystem>
#include <string>

namespace testing_support {

struct TestPki {
  std::filesystem::path ca_cert;      // the CA (PEM), what a client trusts
  std::filesystem::path server_cert;  // signed by the CA for localhost and 127.0.0.1
  std::filesystem::path server_key;
  std::filesystem::path other_key;    // a key that matches no certificate
};

// Makes the CA and the server certificate in `dir`. False with the failing
// command and its output in `error`.
bool make_test_pki(const std::filesystem::path& dir, TestPki& pki, std::string& error);

// Issues another certificate from the CA in `dir` (made by make_test_pki) for
// `subject_alt_name` (e.g. "DNS:other.example"), as NAME.pem and NAME.key.
bool issue_test_cert(const std::filesystem::path& dir, const std::string& name, const std::string& subject_alt_name,
                     std::string& error);

}  // namespace testing_support
