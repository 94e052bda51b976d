// Passwords stored only as salted slow hashes: PBKDF2-HMAC-SHA256 with a random
// 16-byte salt, written as one self-describing string
//   pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64
// so the cost can be raised later without breaking the hashes already stored.
#pragma once

#include <string>

namespace grantflow::http {

class PasswordHash {
public:
    static constexpr int defaultIterations = 210000;

    // A new hash of password with a fresh random salt.
    static std::string create(const std::string& password, int iterations = defaultIterations);

    // Whether password matches the stored hash; false (never an exception) for a
    // malformed stored value. Compares in constant time.
    static bool verify(const std::string& password, const std::string& stored);

    // Whether the stored value has the shape create() writes.
    static bool wellFormed(const std::string& stored);
};

}  // namespace grantflow::http
