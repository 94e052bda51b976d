#include "http/QueueFullRefusal.h"

#include "http/ApiExchange.h"

#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>

namespace grantflow::http {

namespace {

// How long a refused client is asked to wait: a thread is usually free again by then.
const char* const retryAfterSeconds = "1";

// Reads and drops what the client has sent so far, without waiting for more:
// closing a socket with unread bytes makes the kernel reset the connection, and a
// reset can throw away the answer before the client reads it.
void dropWhatArrived(Poco::Net::StreamSocket& socket) {
    char buffer[4096];
    while (socket.available() > 0)
        if (socket.receiveBytes(buffer, sizeof buffer) <= 0) break;
}

}  // namespace

bool QueueFullRefusal::accept(const Poco::Net::StreamSocket& accepted) {
    // Only this (the accepting) thread adds to the queue, so a queue found short of
    // its limit here still has room when Poco adds this connection to it.
    if (_server.queuedConnections() < _params->getMaxQueued()) return true;
    Poco::Net::StreamSocket socket(accepted);
    try {
        // The answer fits in a fresh socket's send buffer; the timeout only keeps a
        // strange peer from holding up the thread that accepts every connection.
        socket.setSendTimeout(Poco::Timespan(0, 200000));
        Poco::Net::HTTPServerSession session(socket, _params);
        {
            // The body reaches the socket when the response, which owns its stream, goes.
            Poco::Net::HTTPServerResponseImpl response(session);
            response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
            response.setKeepAlive(false);
            response.setDate(Poco::Timestamp());
            response.set("Retry-After", retryAfterSeconds);
            ApiExchange::sendBareError(
                response, ApiError(503,
                                   "the server is busy: every thread is answering and " +
                                       std::to_string(_params->getMaxQueued()) +
                                       " connection(s) wait for one (http.threads, http.queue); this request was "
                                       "not read, send it again later",
                                   "connection"));
        }
        session.socket().shutdownSend();
        dropWhatArrived(socket);
    } catch (const Poco::Exception&) {
        // The client went away first: there is no one left to tell.
    }
    return false;
}

}  // namespace grantflow::http
