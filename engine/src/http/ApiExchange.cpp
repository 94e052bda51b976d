#include "http/ApiExchange.h"

#include "http/RequestDeadlines.h"

#include <grantflow/CleanText.h>

#include <Poco/Exception.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <chrono>
#include <sstream>

namespace grantflow::http {

using Poco::Net::HTTPResponse;

ApiExchange::ApiExchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
    : _request(request), _response(response) {
    try {
        Poco::URI uri(request.getURI());
        Poco::StringTokenizer parts(uri.getPath(), "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        _segments.assign(parts.begin(), parts.end());
        _query = uri.getQueryParameters();
    } catch (const Poco::SyntaxException& e) {
        throw ApiError(400, "the request target is not a valid URI: " + e.message(), "request-target");
    }
}

std::string ApiExchange::query(const std::string& name, const std::string& fallback) const {
    for (const auto& [key, value] : _query)
        if (key == name) {
            // Stored in case documents and echoed in answers, which must stay readable.
            if (!isCleanText(value))
                throw ApiError(400, name + " holds bytes that are not UTF-8 text, or control characters",
                               "query:" + name);
            return value;
        }
    return fallback;
}

long long ApiExchange::queryNumber(const std::string& name, long long fallback, long long low, long long high) const {
    std::string text = query(name);
    if (text.empty()) return fallback;
    Poco::Int64 value = 0;
    if (!Poco::NumberParser::tryParse64(text, value) || value < low || value > high)
        throw ApiError(400, name + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high),
                       "query:" + name);
    return value;
}

bool ApiExchange::hasBody() const {
    // Without either, an HTTP/1.1 request has no body (RFC 9112, 6.3), whatever its
    // method; Poco would read on until the client closes.
    return _request.getChunkedTransferEncoding() || _request.hasContentLength();
}

std::string ApiExchange::body(std::size_t maxBytes) {
    _bodyTaken = true;
    if (!hasBody()) return {};
    const std::streamsize declared = _request.getContentLength64();
    if (declared < 0 && declared != HTTPResponse::UNKNOWN_CONTENT_LENGTH)
        throw ApiError(400, "Content-Length must not be negative", "Content-Length");
    if (declared != HTTPResponse::UNKNOWN_CONTENT_LENGTH && static_cast<std::size_t>(declared) > maxBytes) {
        _response.setKeepAlive(false);  // the unread body makes the connection unusable
        throw ApiError(413, "the body is " + std::to_string(declared) + " bytes; at most " + std::to_string(maxBytes) +
                                " are taken", "body");
    }
    std::string bytes;
    bytes.reserve(declared > 0 ? static_cast<std::size_t>(declared) : 4096);
    std::istream& in = _request.stream();
    char buffer[16384];
    // Read one byte past the limit so a chunked body that is too large is noticed without reading all of it.
    while (in && bytes.size() <= maxBytes) {
        in.read(buffer, sizeof buffer);
        bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    if (bytes.size() > maxBytes) {
        _response.setKeepAlive(false);
        throw ApiError(413, "the body is larger than " + std::to_string(maxBytes) + " bytes", "body");
    }
    // Poco ends a chunked body at the first chunk size it cannot read, just as at the
    // last chunk: the two cannot be told apart, and after a broken one the next
    // request would start somewhere in its rest. So the connection is not kept.
    if (_request.getChunkedTransferEncoding()) _response.setKeepAlive(false);
    const bool whole =
        declared != HTTPResponse::UNKNOWN_CONTENT_LENGTH && bytes.size() == static_cast<std::size_t>(declared);
    // The watch cut the body off (a chunked body's end cannot be told from being cut).
    if (const RequestDeadlines::Watch* watch = RequestDeadlines::current(); watch && watch->expired() && !whole)
        throw ApiError(408, watch->lateness("the body"), "body");
    if (declared != HTTPResponse::UNKNOWN_CONTENT_LENGTH && !whole)
        throw ApiError(400, "the body ended after " + std::to_string(bytes.size()) + " of " +
                                std::to_string(declared) + " bytes", "body");
    return bytes;
}

std::string ApiExchange::mediaType() const {
    std::string type = _request.getContentType();
    auto semicolon = type.find(';');
    if (semicolon != std::string::npos) type.resize(semicolon);
    return Poco::toLower(Poco::trim(type));
}

void ApiExchange::sendJson(int status, const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    out << "\n";
    sendText(status, "application/json", out.str());
}

void ApiExchange::sendText(int status, const std::string& contentType, const std::string& text) {
    _response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
    _response.setContentType(contentType);
    _response.setContentLength64(static_cast<Poco::Int64>(text.size()));
    _response.set("Cache-Control", "no-store");
    _response.send().write(text.data(), static_cast<std::streamsize>(text.size())).flush();
}

namespace {

// What is read and thrown away of a body the server does not take, at most.
constexpr std::streamsize drainLimit = 8 << 20;
// A refused request's body up to this size is read, so the connection can be kept;
// a larger one is not waited for: the answer goes at once and the connection closes.
// (Waiting let an anonymous client hold a thread for 30 s with a large Content-Length.)
constexpr Poco::Int64 smallBodyBytes = 64 * 1024;

// Problems listed in one refusal, at most: a document with 200,000 faults made a
// 20 MB answer. The rest are counted.
constexpr std::size_t mostDetails = 100;

std::string errorBody(const ApiError& error) {
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    // Messages may quote what the client sent (a path, a parameter): the answer must
    // stay UTF-8 whatever it held.
    body.set("error", cleanText(error.what()));
    body.set("where", cleanText(error.where()));
    if (error.details && error.details->size() > mostDetails) {
        Poco::JSON::Array::Ptr first = new Poco::JSON::Array;
        for (std::size_t i = 0; i < mostDetails; ++i) first->add(error.details->get(static_cast<unsigned>(i)));
        body.set("details", first);
        body.set("detailsLeftOut", error.details->size() - mostDetails);
    } else if (error.details) {
        body.set("details", error.details);
    }
    std::ostringstream out;
    body.stringify(out);
    out << "\n";
    return out.str();
}

}  // namespace

void ApiExchange::sendError(const ApiError& error) {
    if (error.status() == 401) _response.set("WWW-Authenticate", "Bearer realm=\"grantflow\"");
    const bool largeBodyLeft = hasBody() && !_bodyTaken &&
                               (_request.getChunkedTransferEncoding() || _request.getContentLength64() > smallBodyBytes);
    if (error.status() == 413 || largeBodyLeft) {
        // The body is not wanted, so the answer does not wait for it: a client that sends
        // the headers and waits (Expect: 100-continue, or a slow upload) hears at once.
        _response.setKeepAlive(false);
        sendText(error.status(), "application/json", errorBody(error));
        discardWhileClosing();
        return;
    }
    // Closing a socket with unread bytes in it makes the kernel reset the connection,
    // and the client may then lose this answer.
    std::istream& in = _request.stream();
    char buffer[16384];
    std::streamsize drained = 0;
    try {
        while (hasBody() && in && drained < drainLimit && !_bodyTaken) {
            in.read(buffer, sizeof buffer);
            drained += in.gcount();
            if (in.gcount() == 0) break;
        }
    } catch (const Poco::Exception&) {
        // A client that stops sending or hangs up: the answer is still owed, and the
        // connection is not kept.
        _response.setKeepAlive(false);
    }
    sendText(error.status(), "application/json", errorBody(error));
}

void ApiExchange::discardWhileClosing() {
    // Read what the client still sends for a moment after the answer ("lingering
    // close"), so that closing does not reset the connection before it has read the
    // answer; then the connection closes whatever is left. The thread is held two
    // seconds at most, not until the socket's timeout.
    auto* request = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&_request);
    if (!request) return;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    char buffer[16384];
    std::streamsize discarded = 0;
    try {
        Poco::Net::StreamSocket& socket = request->socket();
        socket.setReceiveTimeout(Poco::Timespan(0, 250 * 1000));
        while (discarded < drainLimit && std::chrono::steady_clock::now() < deadline) {
            try {
                int received = socket.receiveBytes(buffer, sizeof buffer);
                if (received <= 0) break;  // the client closed
                discarded += received;
            } catch (const Poco::TimeoutException&) {
                // Nothing came for a moment: look at the deadline and wait again.
            }
        }
    } catch (const Poco::Exception&) {
        // The client reset the connection: nothing more to wait for.
    }
}

void ApiExchange::sendBareError(Poco::Net::HTTPServerResponse& response, const ApiError& error) {
    if (response.sent()) return;
    std::string text = errorBody(error);
    response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(error.status()));
    response.setContentType("application/json");
    response.setContentLength64(static_cast<Poco::Int64>(text.size()));
    response.send().write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace grantflow::http
