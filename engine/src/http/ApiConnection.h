// One client connection of the API server: reads requests one after another and
// hands each to the API's handler, as Poco's HTTPServerConnection does, except when
// the request head cannot be read. Poco answers a broken request line or header in
// plain text, and lets a Content-Length that is not a number escape as an exception,
// closing the connection without a word. Here each gets the API's JSON refusal
// (400, or 431 for header fields too many or too long), and so does a head this
// server will not take: an HTTP version other than 1.x (505), a transfer coding
// other than chunked (501), or a body whose end is not sure (two different
// Content-Lengths, or one beside Transfer-Encoding: 400).
// The connection closes after such an answer: where the next request starts is
// not known. A request that arrives too slowly (RequestDeadlines) gets a 408.
#pragma once

#include "http/RequestDeadlines.h"

#include <Poco/BasicEvent.h>
#include <Poco/Mutex.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <atomic>
#include <memory>

namespace grantflow::http {

// Raised by the server as it stops: each open connection takes no further request;
// with `true`, it does not even finish the one it is answering.
using StopSignal = Poco::BasicEvent<const bool>;

class ApiConnection : public Poco::Net::TCPServerConnection {
public:
    ApiConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, std::shared_ptr<StopSignal> stopping,
                  std::shared_ptr<RequestDeadlines> deadlines);
    ~ApiConnection() override;

    void run() override;

private:
    // Closing a socket with bytes from the client still unread makes Linux reset the
    // connection at once, dropping any of the answer not yet sent: a slow client's
    // 408 lost its body that way, held back by Nagle behind the head. So the answer
    // goes out first, ending in a FIN, and whatever the client still sends in the
    // next second is read and dropped before the socket closes.
    void closeGently();
    void onServerStopped(const bool& abortCurrent);

    Poco::Net::HTTPServerParams::Ptr _params;
    Poco::Net::HTTPRequestHandlerFactory::Ptr _handlers;
    std::shared_ptr<StopSignal> _stopping;
    std::shared_ptr<RequestDeadlines> _deadlines;
    std::atomic<bool> _stopped{false};  // set by the thread that stops the server
    Poco::FastMutex _answering;  // held while a request is answered
};

class ApiConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    ApiConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                         std::shared_ptr<StopSignal> stopping, std::shared_ptr<RequestDeadlines> deadlines)
        : _params(std::move(params)),
          _handlers(std::move(handlers)),
          _stopping(std::move(stopping)),
          _deadlines(std::move(deadlines)) {}

    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new ApiConnection(socket, _params, _handlers, _stopping, _deadlines);
    }

private:
    Poco::Net::HTTPServerParams::Ptr _params;
    Poco::Net::HTTPRequestHandlerFactory::Ptr _handlers;
    std::shared_ptr<StopSignal> _stopping;
    std::shared_ptr<RequestDeadlines> _deadlines;
};

}  // namespace grantflow::http
