// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits. Used for the policy
// bundle's content checksum and the scenario hash; Python's hashlib.sha256 gives the same.
#ifndef CAMPSIM_POLICIES_SHA256_H_
#define CAMPSIM_POLICIES_SHA256_H_

#include <string>
#include <string_view>

namespace campsim {

std::string Sha256Hex(std::string_view bytes);

}  // namespace campsim

#endif  // CAMPSIM_POLICIES_SHA256_H_
