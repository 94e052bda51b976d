#include "http/ApiConnection.h"

#include "http/ApiExchange.h"

#include <grantflow/CleanText.h>

#include <Poco/Delegate.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <set>

namespace grantflow::http {

using Poco::Net::HTTPServerRequestImpl;
using Poco::Net::HTTPServerResponseImpl;
using Poco::Net::HTTPServerSession;

namespace {

// What is wrong with a request head Poco refused to read, in the API's terms.
ApiError unreadableHead(const Poco::Net::MessageException& e) {
    const std::string& why = e.message();
    // Poco stops at 100 fields of at most 8 KB each (MessageHeader's limits).
    const bool fieldLimit = why.find("Too many header fields") != std::string::npos ||
                            why.rfind("Field name too long", 0) == 0 || why.rfind("Field value too long", 0) == 0 ||
                            why.rfind("Folded field value too long", 0) == 0;
    if (fieldLimit) return ApiError(431, "the header fields cannot be read: " + why, "headers");
    const bool requestLine = why.rfind("HTTP request", 0) == 0 || why.find("HTTP version") != std::string::npos ||
                             why.find("No HTTP request header") != std::string::npos;
    return ApiError(400, "the request cannot be read: " + why, requestLine ? "request line" : "headers");
}

// RFC 9110 5.6.2: the characters a field name (a token) may hold.
bool isToken(const std::string& name) {
    static const std::string marks = "!#$%&'*+-.^_`|~";
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || marks.find(c) != std::string::npos;
    });
}

// RFC 3986 3.2.2-3: a host with an optional port (reg-name, IPv4 or [IP-literal]).
bool isHostValue(const std::string& value) {
    static const std::string marks = "-._~%!$&'()*+,;=:[]";
    return std::all_of(value.begin(), value.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || marks.find(c) != std::string::npos;
    });
}

// A head Poco read that this server will not take (RFC 9112): a field name with white
// space in or before it (Poco keeps "Host " as a name of its own, so a proxy and this
// server could read different heads); an HTTP/1.1 request without exactly one Host
// field holding a host (a folded line shows up here, joined to the Host value);
// an HTTP version other than 1.0 and 1.1; a body whose end cannot be found for sure, because two
// Content-Length fields disagree, or Transfer-Encoding comes with a Content-Length
// (how request smuggling starts); or a transfer coding other than chunked.
std::optional<ApiError> unusableHead(const HTTPServerRequestImpl& request) {
    const std::string& version = request.getVersion();
    if (version != Poco::Net::HTTPMessage::HTTP_1_1 && version != Poco::Net::HTTPMessage::HTTP_1_0)
        return ApiError(505, version + " is not spoken here: send HTTP/1.1", "request line");
    std::size_t hosts = 0;
    for (const auto& [name, value] : request) {
        if (!isToken(name))
            return ApiError(400,
                            "the header field name '" + cleanText(name) +
                                "' is not a token: no white space in a name or before its colon (RFC 9112, 5.1)",
                            "headers");
        if (Poco::icompare(name, Poco::Net::HTTPRequest::HOST) == 0) {
            ++hosts;
            if (!isHostValue(value))
                return ApiError(400, "the Host field holds '" + cleanText(value) + "', not a host[:port]", "Host");
        }
    }
    if (version == Poco::Net::HTTPMessage::HTTP_1_1 && hosts != 1)
        return ApiError(400, "an HTTP/1.1 request needs exactly one Host field, not " + std::to_string(hosts) +
                                 " (RFC 9112, 3.2)",
                        "Host");
    std::set<std::string> lengths;
    for (const auto& [name, value] : request)
        if (Poco::icompare(name, Poco::Net::HTTPMessage::CONTENT_LENGTH) == 0) lengths.insert(value);
    if (lengths.size() > 1)
        return ApiError(400, "the request has " + std::to_string(lengths.size()) + " different Content-Length fields",
                        "Content-Length");
    if (!request.has(Poco::Net::HTTPMessage::TRANSFER_ENCODING)) return std::nullopt;
    if (!request.getChunkedTransferEncoding())
        return ApiError(501,
                        "Transfer-Encoding '" + request.get(Poco::Net::HTTPMessage::TRANSFER_ENCODING) +
                            "' is not taken: send the body with Content-Length, or chunked",
                        "Transfer-Encoding");
    if (!lengths.empty())
        return ApiError(400, "the request has both Transfer-Encoding and Content-Length: send one of them",
                        "Content-Length");
    return std::nullopt;
}

// Reads what is left of a body the handler did not read (a GET with a
// Content-Length), which would otherwise be read as the next request: a way to
// smuggle a request past whatever sits in front of the server. False when the
// body is too large to be worth reading or cannot be read: the connection then closes.
bool skipRestOfBody(HTTPServerRequestImpl& request) {
    constexpr std::streamsize mostSkipped = 64 * 1024;
    if (!request.getChunkedTransferEncoding() && request.getContentLength64() <= 0) return true;
    std::istream& in = request.stream();
    char buffer[8192];
    std::streamsize skipped = 0;
    try {
        while (skipped <= mostSkipped) {
            in.read(buffer, sizeof buffer);
            if (in.gcount() == 0) break;
            skipped += in.gcount();
        }
    } catch (const Poco::Exception&) {
        return false;
    }
    return skipped <= mostSkipped && in.eof();
}

// Answers a request that could not be taken, with a response of its own: the one
// made for the request may point at a request that was never built.
void refuse(HTTPServerSession& session, const ApiError& error) {
    HTTPServerResponseImpl response(session);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setKeepAlive(false);
    response.setDate(Poco::Timestamp());
    ApiExchange::sendBareError(response, error);
    session.setKeepAlive(false);
}

}  // namespace

ApiConnection::ApiConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                             Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, std::shared_ptr<StopSignal> stopping,
                             std::shared_ptr<RequestDeadlines> deadlines)
    : Poco::Net::TCPServerConnection(socket),
      _params(std::move(params)),
      _handlers(std::move(handlers)),
      _stopping(std::move(stopping)),
      _deadlines(std::move(deadlines)) {
    *_stopping += Poco::delegate(this, &ApiConnection::onServerStopped);
}

ApiConnection::~ApiConnection() { *_stopping -= Poco::delegate(this, &ApiConnection::onServerStopped); }

void ApiConnection::run() {
    const std::string software = _params->getSoftwareVersion();
    HTTPServerSession session(socket(), _params);
    while (!_stopped && session.hasMoreRequests()) {
        Poco::FastMutex::ScopedLock answering(_answering);
        if (_stopped) break;
        RequestDeadlines::Watch watch(*_deadlines, socket());
        std::optional<ApiError> refusal;
        HTTPServerResponseImpl response(session);
        std::unique_ptr<HTTPServerRequestImpl> request;
        try {
            request = std::make_unique<HTTPServerRequestImpl>(response, session, _params);
        } catch (const Poco::Net::NoMessageException&) {
            break;  // the client closed, or kept an idle connection past the keep-alive timeout
        } catch (const Poco::Net::MessageException& e) {
            refusal = unreadableHead(e);
        } catch (const Poco::SyntaxException&) {
            // HTTPServerRequestImpl parses Content-Length as it sets up the body stream.
            refusal = ApiError(400, "Content-Length must be a whole number of bytes", "Content-Length");
        }
        if (watch.expired()) {
            refuse(session, ApiError(408, watch.lateness("the request head"), "headers"));
            break;
        }
        // A client that stopped sending or hung up mid-head is not answered.
        if (session.networkException()) break;
        if (!refusal) refusal = unusableHead(*request);
        if (refusal) {
            refuse(session, *refusal);
            break;
        }
        watch.allowBody(request->getChunkedTransferEncoding() ? -1 : request->getContentLength64());
        response.setDate(Poco::Timestamp());
        response.setVersion(request->getVersion());
        response.setKeepAlive(_params->getKeepAlive() && request->getKeepAlive() && session.canKeepAlive());
        if (!software.empty()) response.set("Server", software);
        std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(_handlers->createRequestHandler(*request));
        if (!handler) {
            refuse(session, ApiError(501, "no handler for this request", "request line"));
            break;
        }
        if (request->getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK)
            response.sendContinue();
        handler->handleRequest(*request, response);  // answers every failure itself (ApiRequestHandler)
        const bool keep = _params->getKeepAlive() && response.getKeepAlive() && session.canKeepAlive();
        session.setKeepAlive(keep && skipRestOfBody(*request));
        if (watch.expired()) break;  // its socket reads nothing more
    }
    if (!_stopped) closeGently();
}

void ApiConnection::closeGently() {
    constexpr long lingerMicroseconds = 1000 * 1000;
    constexpr int mostDrained = 1 << 20;
    Poco::Net::StreamSocket& connection = socket();
    try {
        connection.shutdownSend();  // pushes out what is left of the answer, then a FIN
        const Poco::Timestamp started;
        char sink[8192];
        int drained = 0;
        while (drained < mostDrained) {
            const Poco::Timespan left(lingerMicroseconds - started.elapsed());
            if (left <= 0 || !connection.poll(left, Poco::Net::Socket::SELECT_READ)) break;
            const int received = connection.receiveBytes(sink, sizeof sink);
            if (received <= 0) break;  // the client has closed its side too
            drained += received;
        }
    } catch (const Poco::Exception&) {
        // The client closed or reset first: there is no answer left to save.
    }
}

void ApiConnection::onServerStopped(const bool& abortCurrent) {
    _stopped = true;
    // Without abortCurrent the request being answered is finished first.
    std::optional<Poco::FastMutex::ScopedLock> waitForAnswer;
    if (!abortCurrent) waitForAnswer.emplace(_answering);
    try {
        socket().shutdown();
    } catch (const Poco::Exception&) {
        // Already closed by the client: nothing to shut down.
    }
}

}  // namespace grantflow::http
