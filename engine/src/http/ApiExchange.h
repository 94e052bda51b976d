// One request and its response as the API handlers see them: the path and query,
// the body read under the size limit, JSON answers, and refusals as ApiError,
// which the handler turns into a 4xx with {"error": "...", "where": "..."}.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace grantflow::http {

// A refusal of the request: status (4xx), what is wrong, and where (a header,
// a parameter, a path in the body ...).
class ApiError : public std::runtime_error {
public:
    ApiError(int status, const std::string& message, std::string where = "")
        : std::runtime_error(message), _status(status), _where(std::move(where)) {}
    int status() const { return _status; }
    const std::string& where() const { return _where; }
    // Details, e.g. schema violations of an outcome document.
    Poco::JSON::Array::Ptr details;

private:
    int _status;
    std::string _where;
};

class ApiExchange {
public:
    // Throws ApiError(400) when the request target is not a valid URI.
    ApiExchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

    Poco::Net::HTTPServerRequest& request() { return _request; }
    Poco::Net::HTTPServerResponse& response() { return _response; }
    const std::string& method() const { return _request.getMethod(); }
    // The decoded path split at '/', without empty segments.
    const std::vector<std::string>& segments() const { return _segments; }
    // A query parameter, or fallback when absent.
    std::string query(const std::string& name, const std::string& fallback = "") const;
    // A whole-number query parameter within [low, high]; ApiError(400) otherwise.
    long long queryNumber(const std::string& name, long long fallback, long long low, long long high) const;

    // The body, at most maxBytes: ApiError(413) when larger, (400) when it ends early.
    std::string body(std::size_t maxBytes);
    // The media type of the body without parameters, lower-case ("application/xml").
    std::string mediaType() const;

    void sendJson(int status, const Poco::Dynamic::Var& value);
    void sendText(int status, const std::string& contentType, const std::string& text);
    // Sends the error as JSON. A body the handler never read is read and dropped
    // first (up to a limit), so the client is not cut off while still sending and
    // gets to read the answer. A body refused as too large (413) is not waited
    // for: the answer goes at once, and what still comes is read and dropped for
    // two seconds at most before the connection closes.
    void sendError(const ApiError& error);
    // For a request too broken to make an exchange of (its target is not a URI).
    static void sendBareError(Poco::Net::HTTPServerResponse& response, const ApiError& error);
    bool sent() const { return _response.sent(); }

private:
    bool hasBody() const;  // a Content-Length or chunked transfer coding was given
    void discardWhileClosing();

    Poco::Net::HTTPServerRequest& _request;
    Poco::Net::HTTPServerResponse& _response;
    bool _bodyTaken = false;
    std::vector<std::string> _segments;
    Poco::URI::QueryParameters _query;
};

}  // namespace grantflow::http
