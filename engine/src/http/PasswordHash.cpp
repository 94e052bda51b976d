#include <grantflow/http/PasswordHash.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <sstream>

namespace grantflow::http {

namespace {

const char* const scheme = "pbkdf2-sha256";
constexpr int hashBytes = 32;
constexpr int saltBytes = 16;

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

bool unbase64(const std::string& text, std::string& bytes) {
    try {
        std::istringstream in(text);
        Poco::Base64Decoder decoder(in);
        bytes.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
        return true;
    } catch (const Poco::DataFormatException&) {
        return false;
    }
}

std::string derive(const std::string& password, const std::string& salt, int iterations) {
    unsigned char out[hashBytes];
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                          iterations, EVP_sha256(), hashBytes, out) != 1)
        throw Poco::SystemException("PBKDF2 failed");
    return std::string(reinterpret_cast<const char*>(out), hashBytes);
}

struct Parsed {
    int iterations = 0;
    std::string salt, hash;
};

bool parse(const std::string& stored, Parsed& parsed) {
    Poco::StringTokenizer parts(stored, "$");
    if (parts.count() != 4 || parts[0] != scheme) return false;
    if (!Poco::NumberParser::tryParse(parts[1], parsed.iterations) || parsed.iterations < 1000) return false;
    return unbase64(parts[2], parsed.salt) && unbase64(parts[3], parsed.hash) && parsed.salt.size() >= 8 &&
           parsed.hash.size() == hashBytes;
}

}  // namespace

std::string PasswordHash::create(const std::string& password, int iterations) {
    unsigned char salt[saltBytes];
    if (RAND_bytes(salt, saltBytes) != 1) throw Poco::SystemException("no random bytes for a salt");
    std::string saltText(reinterpret_cast<const char*>(salt), saltBytes);
    return std::string(scheme) + "$" + std::to_string(iterations) + "$" + base64(saltText) + "$" +
           base64(derive(password, saltText, iterations));
}

bool PasswordHash::verify(const std::string& password, const std::string& stored) {
    Parsed parsed;
    if (!parse(stored, parsed)) return false;
    std::string candidate = derive(password, parsed.salt, parsed.iterations);
    return CRYPTO_memcmp(candidate.data(), parsed.hash.data(), hashBytes) == 0;
}

bool PasswordHash::wellFormed(const std::string& stored) {
    Parsed parsed;
    return parse(stored, parsed);
}

}  // namespace grantflow::http
