#include "support/test_pki.h"

#include <fstream>

#include "support/process.h"

namespace testing_support {
namespace {

const std::string kNewP256Key = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes ";

bool run_ok(const std::string& command, std::string& error) {
  auto r = run_command(command);
  if (r.exit_code != 0) error = command + "\n" + r.output;
  return r.exit_code == 0;
}

}  // namespace

bool issue_test_cert(const std::filesystem::path& dir, const std::string& name, const std::string& subject_alt_name,
                     std::string& error) {
  const auto q = [&](const std::string& file) { return shell_quote((dir / file).string()); };
  std::ofstream(dir / (name + ".ext")) << "subjectAltName=" << subject_alt_name << "\n";
  return run_ok("openssl req " + kNewP256Key + "-keyout " + q(name + ".key") + " -out " + q(name + ".csr") +
                    " -subj /CN=" + name,
                error) &&
         run_ok("openssl x509 -req -in " + q(name + ".csr") + " -CA " + q("ca.pem") + " -CAkey " + q("ca.key") +
                    " -CAcreateserial -out " + q(name + ".pem") + " -days 2 -extfile " + q(name + ".ext"),
                error);
}

bool make_test_pki(const std::filesystem::path& dir, TestPki& pki, std::string& error) {
  const auto q = [&](const std::string& file) { return shell_quote((dir / file).string()); };
  if (!run_ok("openssl req -x509 " + kNewP256Key + "-keyout " + q("ca.key") + " -out " + q("ca.pem") +
                  " -days 2 -subj /CN=dashstream-test-ca",
              error) ||
      !issue_test_cert(dir, "server", "DNS:localhost,IP:127.0.0.1", error) ||
      !run_ok("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + q("other.key"), error))
    return false;
  pki = {dir / "ca.pem", dir / "server.pem", dir / "server.key", dir / "other.key"};
  return true;
}

}  // namespace testing_support
