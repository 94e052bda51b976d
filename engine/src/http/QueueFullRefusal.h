// Answers a connection the server has no room for with 503 instead of dropping it.
//
// Poco's TCPServer queues accepted connections until a thread is free; once that
// queue (http.queue) is full it closes the next one without a word, and the
// client cannot tell a busy server from a broken one. This filter runs on the
// accepting thread just before that happens: it sends the API's JSON refusal,
// 503 with Retry-After, and lets Poco close the connection. The request itself is
// not read, so the client knows it was not acted on and may send it again.
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServer.h>

namespace grantflow::http {

class QueueFullRefusal : public Poco::Net::TCPServerConnectionFilter {
public:
    // `server` is the server this filter is set on; `params` its settings (the queue's limit).
    QueueFullRefusal(const Poco::Net::TCPServer& server, Poco::Net::HTTPServerParams::Ptr params)
        : _server(server), _params(std::move(params)) {}

    bool accept(const Poco::Net::StreamSocket& socket) override;

private:
    const Poco::Net::TCPServer& _server;
    Poco::Net::HTTPServerParams::Ptr _params;
};

}  // namespace grantflow::http
