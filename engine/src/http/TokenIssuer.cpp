#include <grantflow/http/TokenIssuer.h>

#include <Poco/Exception.h>
#include <Poco/JWT/JWTException.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <mutex>
#include <unordered_map>

namespace grantflow::http {

namespace {
const char* const issuer = "grantflow";
}

struct TokenIssuer::Impl {
    Poco::JWT::Signer signer;
    // Tokens whose signature was checked, with their subject and expiry: a client
    // sends the same token with every request, and checking the signature again
    // (parse, HMAC, JSON) was a twentieth of a task completion's CPU time.
    struct Verified {
        std::string subject;
        Poco::Timestamp expires;
    };
    std::mutex verifiedMutex;
    std::unordered_map<std::string, Verified> verified;
    static constexpr std::size_t maxVerified = 10000;

    explicit Impl(const std::string& secret) : signer(secret) {
        // Only HS256: a token claiming "none" or another algorithm is refused.
        signer.setAlgorithms({Poco::JWT::Signer::ALGO_HS256});
    }
};

TokenIssuer::TokenIssuer(const std::string& secret, Poco::Timespan lifetime)
    : _impl(std::make_unique<Impl>(secret)), _lifetime(lifetime) {
    if (secret.size() < 32) throw Poco::InvalidArgumentException("the token secret must be at least 32 bytes");
}

TokenIssuer::~TokenIssuer() = default;

std::string TokenIssuer::issue(const std::string& user) const {
    Poco::JWT::Token token;
    token.setType("JWT");
    token.setIssuer(issuer);
    token.setSubject(user);
    Poco::Timestamp now;
    token.setIssuedAt(now);
    token.setExpiration(now + _lifetime.totalMicroseconds());
    token.setId(Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
    return _impl->signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
}

TokenCheck TokenIssuer::check(const std::string& text) const {
    TokenCheck result;
    {
        std::lock_guard<std::mutex> lock(_impl->verifiedMutex);
        auto found = _impl->verified.find(text);
        if (found != _impl->verified.end()) {
            if (found->second.expires > Poco::Timestamp()) {
                result.valid = true;
                result.subject = found->second.subject;
                return result;
            }
            _impl->verified.erase(found);
        }
    }
    try {
        Poco::JWT::Token token = _impl->signer.verify(text);
        if (token.getIssuer() != issuer) {
            result.problem = "the token was not issued by grantflow";
            return result;
        }
        if (!token.payload().has(Poco::JWT::Token::CLAIM_EXPIRATION) || token.getExpiration() <= Poco::Timestamp()) {
            result.problem = "the token has expired";
            return result;
        }
        result.subject = token.getSubject();
        result.valid = !result.subject.empty();
        if (!result.valid) result.problem = "the token names no user";
        if (result.valid) {
            std::lock_guard<std::mutex> lock(_impl->verifiedMutex);
            if (_impl->verified.size() >= Impl::maxVerified) _impl->verified.clear();
            _impl->verified[text] = {result.subject, token.getExpiration()};
        }
    } catch (const Poco::JWT::SignatureVerificationException&) {
        result.problem = "the token's signature is not valid";
    } catch (const Poco::Exception& e) {
        result.problem = "the token is malformed: " + e.message();
    }
    return result;
}

}  // namespace grantflow::http
