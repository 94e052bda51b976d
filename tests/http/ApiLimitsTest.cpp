// Bad requests get a 4xx with {"error", "where"}: never a 500, never a hang.
#include "ApiTestServer.h"

#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>

#include <algorithm>
#include <chrono>
#include <memory>

using namespace grantflow::test;

BOOST_AUTO_TEST_SUITE(ApiLimits)

BOOST_AUTO_TEST_CASE(an_oversized_body_is_refused_unread_with_413) {
    ApiTestServer server(64 * 1024);
    // Only the headers are sent: the refusal must come from the declared length alone,
    // without waiting for a body that never comes (the server's own timeout is 30 s).
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    std::string head = "POST /api/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n"
                       "Authorization: Bearer " + server.token("rita") + "\r\nContent-Length: 104857600\r\n\r\n";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    Poco::Net::SocketStream stream(socket);
    Poco::Net::HTTPResponse response;
    response.read(stream);
    BOOST_TEST(response.getStatus() == 413);
    BOOST_TEST(response.getContentType() == "application/json");
    std::string body(static_cast<std::size_t>(response.getContentLength()), '\0');
    stream.read(&body[0], static_cast<std::streamsize>(body.size()));
    BOOST_TEST(body.find("\"where\":\"body\"") != std::string::npos, body);
}

BOOST_AUTO_TEST_CASE(an_oversized_chunked_body_is_refused_with_413) {
    ApiTestServer server(64 * 1024);
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    Poco::Net::HTTPRequest request("POST", "/api/tasks/1/complete", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setChunkedTransferEncoding(true);
    request.setContentType("application/xml");
    request.set("Authorization", "Bearer " + server.token("bo"));
    std::ostream& out = session.sendRequest(request);
    std::string block(8192, 'x');
    for (int i = 0; i < 16; ++i) out << block;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::string body;
    Poco::StreamCopier::copyToString(in, body);
    BOOST_TEST(response.getStatus() == 413);
}

namespace {

// Sends `head` as it is and reads the one answer, the way a client that writes its
// own HTTP would; gives up after 10 s rather than hang the suite.
Reply rawExchange(unsigned short port, const std::string& head) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    Poco::Net::SocketStream stream(socket);
    Poco::Net::HTTPResponse response;
    response.read(stream);
    Reply reply;
    reply.status = response.getStatus();
    reply.contentType = response.getContentType();
    reply.headers = response;
    std::string body(static_cast<std::size_t>(std::max<std::streamsize>(response.getContentLength64(), 0)), '\0');
    stream.read(body.data(), static_cast<std::streamsize>(body.size()));
    reply.body = body.substr(0, static_cast<std::size_t>(stream.gcount()));
    return reply;
}

}  // namespace

// Heads Poco cannot read, or whose body has no one end, each with the answer owed.
BOOST_AUTO_TEST_CASE(unreadable_request_heads_get_a_json_refusal_naming_the_part) {
    ApiTestServer server;
    struct Case {
        std::string head;
        int status;
        std::string where;
    };
    std::string manyFields;
    for (int i = 0; i < 120; ++i) manyFields += "X-Field-" + std::to_string(i) + ": y\r\n";
    const std::vector<Case> cases = {
        {"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 400, "Content-Length"},
        // Poco gave these no answer at all: the connection just closed.
        {"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400, "Content-Length"},
        {"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400,
         "Content-Length"},
        // Which of the two is the body's length? Neither can be trusted.
        {"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400,
         "Content-Length"},
        // Poco answered these in plain text.
        {"NONSENSE\r\n\r\n", 400, "request line"},
        {"GET /health HTTP/1.1\r\n" + manyFields + "\r\n", 431, "headers"},
        {"GET /health HTTP/1.1\r\nX-Long: " + std::string(9000, 'a') + "\r\n\r\n", 431, "headers"},
        // Poco answered these as if all were well.
        {"GET /health HTTP/2.0\r\n\r\n", 505, "request line"},
        {"POST /api/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
         "2\r\n{}\r\n0\r\n\r\n",
         400, "Content-Length"},
        // Poco waited for this body until the client closed.
        {"POST /api/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n{}", 501, "Transfer-Encoding"},
        // RFC 9112 makes a server refuse these; Poco answered them as if all were well.
        {"GET /health HTTP/1.1\r\nHost : x\r\n\r\n", 400, "headers"},
        {"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length : 0\r\n\r\n", 400, "headers"},
        {"GET /health HTTP/1.1\r\n\r\n", 400, "Host"},
        {"GET /health HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400, "Host"},
        {"GET /health HTTP/1.1\r\nHost: x\r\n Folded: y\r\n\r\n", 400, "Host"},
    };
    for (const Case& c : cases) {
        Reply reply = rawExchange(server.port(), c.head);
        const std::string shown = c.head.substr(0, 70);
        BOOST_TEST(reply.status == c.status, shown);
        BOOST_TEST(reply.isJsonError(), shown << ": " << reply.body);
        BOOST_TEST(reply.field("where") == c.where, shown);
    }
    // The same length twice is one length: the request goes through.
    Reply same = rawExchange(server.port(),
                             "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n");
    BOOST_TEST(same.status == 200);
    // And the server still serves the well-formed.
    BOOST_TEST(server.request("GET", "/health").status == 200);
}

// Without Content-Length or Transfer-Encoding an HTTP/1.1 request has no body, whatever
// its method: Poco read on until the client closed, so each of these hung.
BOOST_AUTO_TEST_CASE(a_request_without_a_length_has_no_body_and_is_answered_at_once) {
    ApiTestServer server;
    Reply login = rawExchange(server.port(),
                              "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n");
    BOOST_TEST(login.status == 400);
    BOOST_TEST(login.isJsonError(), login.body);
    Reply oddMethod = rawExchange(server.port(), "BREW /health HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(oddMethod.status == 405);
    BOOST_TEST(oddMethod.isJsonError(), oddMethod.body);
}

// Poco ends a chunked body at a chunk size it cannot read as if it were the last
// chunk; the rest would be taken for the next request, so the connection closes.
BOOST_AUTO_TEST_CASE(a_chunked_body_closes_its_connection_after_the_answer) {
    ApiTestServer server;
    Reply reply = rawExchange(server.port(),
                              "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                              "Transfer-Encoding: chunked\r\n\r\nzz\r\nGET /health HTTP/1.1\r\n\r\n0\r\n\r\n");
    BOOST_TEST(reply.status == 400);
    BOOST_TEST(Poco::icompare(reply.headers.get("Connection", ""), "close") == 0);
}

// The body of a GET was left unread and then taken for the next request on the
// connection: a request smuggled past anything that checks requests in front.
BOOST_AUTO_TEST_CASE(a_body_the_route_does_not_read_is_never_taken_for_a_request) {
    ApiTestServer server;
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    const std::string smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    const std::string head = "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(smuggled.size()) +
                             "\r\n\r\n" + smuggled + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    Poco::Net::SocketStream stream(socket);
    std::string everything;
    Poco::StreamCopier::copyToString(stream, everything);
    // Two answers, both to /health: the body of the first was read as its body.
    std::size_t answers = 0;
    for (std::size_t at = everything.find("HTTP/1.1 "); at != std::string::npos; at = everything.find("HTTP/1.1 ", at + 1))
        ++answers;
    BOOST_TEST(answers == 2u, everything);
    BOOST_TEST(everything.find("HTTP/1.1 404") == std::string::npos, everything);
}

// A refusal does not wait for a large body nobody wants: an anonymous client that
// declared 11 MB and sent nothing held a thread until the socket timed out (30 s).
BOOST_AUTO_TEST_CASE(a_refusal_does_not_wait_for_a_large_body) {
    ApiTestServer server;
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    const std::string head = "POST /api/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n"
                             "Content-Length: 11000000\r\n\r\n<application";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    Poco::Net::SocketStream stream(socket);
    Poco::Net::HTTPResponse response;
    response.read(stream);  // throws after 10 s if the server waits for the body
    BOOST_TEST(response.getStatus() == 401);
    BOOST_TEST(Poco::icompare(response.get("Connection", ""), "close") == 0);
}

namespace {

// Sends `head`, then `drip` every 100 ms, as a client that trickles its request to
// hold a server thread would, until the server answers; gives up after 10 s, which
// is what fails a server that lets the client go on.
struct Trickled {
    Reply reply;
    double seconds = 0;  // from the first byte sent to the answer
};

Trickled trickle(unsigned short port, const std::string& head, const std::string& drip) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    const auto started = std::chrono::steady_clock::now();
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    const Poco::Timespan pause(0, 100 * 1000);
    while (!socket.poll(pause, Poco::Net::Socket::SELECT_READ)) {
        if (std::chrono::steady_clock::now() - started > std::chrono::seconds(10)) return {};
        socket.sendBytes(drip.data(), static_cast<int>(drip.size()));
    }
    Trickled result;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    Poco::Net::SocketStream stream(socket);
    Poco::Net::HTTPResponse response;
    response.read(stream);
    result.reply.status = response.getStatus();
    result.reply.contentType = response.getContentType();
    Poco::StreamCopier::copyToString(stream, result.reply.body);
    return result;
}

void shortDeadlines(grantflow::http::ApiSettings& settings) {
    settings.requestTimeout = Poco::Timespan(1, 0);
    settings.minUploadBytesPerSecond = 1000;
}

}  // namespace

// Every byte comes well within the socket timeout (30 s), so only the request's own
// deadline stops these clients from holding a thread for ever.
BOOST_AUTO_TEST_CASE(a_head_sent_a_line_at_a_time_gets_408_when_its_time_is_up) {
    ApiTestServer server(1 << 20, "", shortDeadlines);
    Trickled slow = trickle(server.port(), "GET /health HTTP/1.1\r\n", "X-Slow: a\r\n");
    BOOST_TEST(slow.reply.status == 408);
    BOOST_TEST(slow.reply.isJsonError(), slow.reply.body);
    BOOST_TEST(slow.reply.field("where") == "headers");
    BOOST_TEST(server.request("GET", "/health").status == 200);
}

BOOST_AUTO_TEST_CASE(a_body_sent_slower_than_the_least_rate_gets_408) {
    ApiTestServer server(1 << 20, "", shortDeadlines);
    // 2,000 bytes at 1,000 bytes/s at least: 1 s for the head and 2 s more for the body.
    Trickled slow = trickle(server.port(),
                            "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: 2000\r\n\r\n{",
                            " ");
    BOOST_TEST(slow.reply.status == 408);
    BOOST_TEST(slow.reply.isJsonError(), slow.reply.body);
    BOOST_TEST(slow.reply.field("where") == "body");
    BOOST_TEST(slow.seconds > 2.5);  // the body had its own time on top of the head's
}

BOOST_AUTO_TEST_CASE(oversized_headers_are_refused_with_431) {
    ApiTestServer server;
    Reply reply = server.request("GET", "/api/cases", "", "",
                                 {{"Authorization", "Bearer " + server.token("bo")},
                                  {"X-Padding-1", std::string(8000, 'a')},
                                  {"X-Padding-2", std::string(8000, 'b')},
                                  {"X-Padding-3", std::string(8000, 'c')}});
    BOOST_TEST(reply.status == 431);
    BOOST_TEST(reply.field("where") == "headers");
}

BOOST_AUTO_TEST_CASE(a_malformed_application_is_refused_with_where_it_breaks) {
    ApiTestServer server;
    Reply reply = server.as("rita", "POST", "/api/applications", "<application><unclosed></application>",
                            "application/xml");
    BOOST_TEST(reply.status == 422);
    auto first = reply.object()->getArray("details")->getObject(0);
    BOOST_TEST(first->getValue<int>("line") == 1);
}

// A NUL or bytes that are not UTF-8 in ?name= were stored in the case document,
// which could then not be read back: 201, and a case stuck for good.
BOOST_AUTO_TEST_CASE(a_parameter_that_is_not_text_is_refused_and_never_echoed_raw) {
    ApiTestServer server;
    const std::string application = readFile(dataPath("applications/valid/02-forstudie-minimal.xml"));
    for (const std::string name : {"scan%00.xml", "scan%01.xml", "%FF%FE", "%EF%BF%BE", "%C0%AF"}) {
        Reply reply = server.as("rita", "POST", "/api/applications?name=" + name, application, "application/xml");
        BOOST_TEST(reply.status == 400, name);
        BOOST_TEST(reply.field("where") == "query:name", name);
    }
    BOOST_TEST(server.as("rita", "GET", "/api/cases").array()->size() == 0u);  // nothing was registered
    // A path that is not UTF-8 is quoted in the refusal as replacement characters.
    Reply odd = server.as("rita", "GET", "/api/cases/%FF%FE");
    BOOST_TEST(odd.status / 100 == 4);
    BOOST_TEST(odd.body.find('\xFF') == std::string::npos, odd.body);
    BOOST_TEST(odd.body.find("\xEF\xBF\xBD") != std::string::npos, odd.body);
    BOOST_TEST(odd.isJsonError(), odd.body);
}

// Each of these was taken: credentials of two kinds (the key silently won), login
// as text/plain, unclaimed=maybe as false; a bad ?case= was blamed on the path,
// and an empty outcome got the command line's "--outcome FILE.xml".
BOOST_AUTO_TEST_CASE(ambiguous_or_misplaced_input_is_refused_where_it_is) {
    ApiTestServer server;
    Reply both = server.request("GET", "/api/cases", "", "",
                                {{"Authorization", "Bearer " + server.token("rita")}, {"X-API-Key", server.intakeKey()}});
    BOOST_TEST(both.status == 400);
    BOOST_TEST(both.field("where") == "Authorization");
    Reply plain = server.request("POST", "/api/token", R"({"user":"rita","password":"rita-pass"})", "text/plain");
    BOOST_TEST(plain.status == 415);
    BOOST_TEST(plain.field("where") == "Content-Type");
    Reply maybe = server.as("anna", "GET", "/api/tasks?unclaimed=maybe");
    BOOST_TEST(maybe.status == 400);
    BOOST_TEST(maybe.field("where") == "query:unclaimed");
    Reply badCase = server.as("anna", "GET", "/api/tasks?case=nonsense");
    BOOST_TEST(badCase.status == 400);
    BOOST_TEST(badCase.field("where") == "query:case");
    server.deployGrantReview();
    const long long task = server.taskOf(server.submitSample(), "completeness");
    Reply empty = server.complete("anna", task, "");
    BOOST_TEST(empty.status == 400);
    BOOST_TEST(empty.field("where") == "body");
    BOOST_TEST(empty.body.find("--outcome") == std::string::npos, empty.body);
    // Where a workflow came from is given as its file's name, not a path on the server.
    Reply workflows = server.as("anna", "GET", "/api/workflows");
    BOOST_TEST(workflows.body.find('/') == std::string::npos, workflows.body);
}

BOOST_AUTO_TEST_CASE(an_entity_bomb_is_refused_without_expansion) {
    ApiTestServer server;
    Reply reply = server.as("rita", "POST", "/api/applications",
                            readFile(dataPath("applications/invalid/entity-expansion-bomb.xml")), "application/xml");
    BOOST_TEST(reply.status == 422);
}

BOOST_AUTO_TEST_CASE(malformed_json_is_400) {
    ApiTestServer server;
    BOOST_TEST(server.request("POST", "/api/token", "{\"user\": ", "application/json").status == 400);
    BOOST_TEST(server.complete("bo", 1, "{\"review\": [", "application/json").status == 400);
}

BOOST_AUTO_TEST_CASE(an_unsupported_media_type_is_415) {
    ApiTestServer server;
    BOOST_TEST(server.as("rita", "POST", "/api/applications", "hello", "text/plain").status == 415);
    BOOST_TEST(server.complete("bo", 1, "hello", "text/plain").status == 415);
}

BOOST_AUTO_TEST_CASE(bad_paths_and_methods_are_named) {
    ApiTestServer server;
    BOOST_TEST(server.as("bo", "GET", "/api/cases/not-a-number").status == 400);
    BOOST_TEST(server.as("bo", "GET", "/api/cases/2026-999").status == 404);
    BOOST_TEST(server.as("bo", "POST", "/api/tasks/abc/claim").status == 400);
    BOOST_TEST(server.as("bo", "POST", "/api/tasks/+1/claim").status == 400);  // a typo, not task 1
    BOOST_TEST(server.as("bo", "POST", "/api/tasks/0x1/claim").status == 400);
    BOOST_TEST(server.as("bo", "GET", "/api/nothing-here").status == 404);
    BOOST_TEST(server.request("GET", "/nothing").status == 404);
    Reply wrong = server.as("bo", "DELETE", "/api/cases");
    BOOST_TEST(wrong.status == 405);
    BOOST_TEST(wrong.headers.get("Allow", "") == "GET");
    BOOST_TEST(server.as("bo", "GET", "/api/cases?limit=0").status == 400);
    BOOST_TEST(server.as("bo", "GET", "/api/cases/%zz").status == 400);
}

BOOST_AUTO_TEST_CASE(garbage_to_every_route_is_never_a_server_error) {
    ApiTestServer server;
    server.deployGrantReview();
    const std::vector<std::string> bodies = {"", "\x00\x01\x02", "<", "{}", "[]", "<?xml version=\"1.0\"?><a/>",
                                             "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
                                             std::string(5000, '{'), "null", "\"text\""};
    const std::vector<std::string> types = {"application/xml", "application/json", "application/pdf", "", "text/xml"};
    const std::vector<std::pair<std::string, std::string>> routes = {
        {"POST", "/api/applications"}, {"POST", "/api/tasks/1/complete"}, {"POST", "/api/tasks/1/claim"},
        {"POST", "/api/workflows"},    {"POST", "/api/token"},            {"GET", "/api/cases"}};
    for (const auto& [method, path] : routes)
        for (const auto& body : bodies)
            for (const auto& type : types)
                for (const char* user : {"rita", "bo", "admin"}) {
                    Reply reply = server.as(user, method, path, body, type);
                    BOOST_TEST(reply.status < 500, method << " " << path << " as " << user << " (" << type
                                                         << "): " << reply.status << " " << reply.body);
                    if (reply.status >= 400) BOOST_TEST(reply.isJsonError(), reply.body);
                }
}

BOOST_AUTO_TEST_CASE(a_client_that_stops_sending_does_not_hold_up_others) {
    ApiTestServer server;
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    std::string head = "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    // The server still answers everyone else meanwhile.
    BOOST_TEST(server.request("GET", "/health").status == 200);
}

// With its one thread held by a kept-alive client and its queue of one full, the
// server tells the next client it is busy instead of closing on it without a word,
// and the connection that waited in the queue is served once the thread is free.
BOOST_AUTO_TEST_CASE(a_connection_the_queue_has_no_room_for_gets_503_and_the_queued_one_is_served) {
    ApiTestServer server(1 << 20, "", [](grantflow::http::ApiSettings& settings) {
        settings.maxThreads = 1;
        settings.maxQueued = 1;
        settings.keepAliveTimeout = Poco::Timespan(60, 0);  // the holder keeps the thread for the whole test
    });
    const Poco::Net::SocketAddress address("127.0.0.1", server.port());
    const std::string health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    auto holder = std::make_unique<Poco::Net::StreamSocket>(address);
    holder->setReceiveTimeout(Poco::Timespan(10, 0));
    holder->sendBytes(health.data(), static_cast<int>(health.size()));
    {
        Poco::Net::SocketStream stream(*holder);
        Poco::Net::HTTPResponse answered;
        answered.read(stream);
        BOOST_TEST(answered.getStatus() == 200);
    }
    // Accepted in the order they connect: this one takes the queue's one place ...
    Poco::Net::StreamSocket queued(address);
    queued.setReceiveTimeout(Poco::Timespan(10, 0));
    // ... and this one finds no room.
    Reply refused = rawExchange(server.port(), health);
    BOOST_TEST(refused.status == 503);
    BOOST_TEST(refused.isJsonError(), refused.body);
    BOOST_TEST(refused.field("where") == "connection");
    BOOST_TEST(refused.headers.get("Retry-After", "") == "1");

    holder.reset();  // closing it frees the thread for the connection in the queue
    queued.sendBytes(health.data(), static_cast<int>(health.size()));
    Poco::Net::SocketStream stream(queued);
    Poco::Net::HTTPResponse served;
    served.read(stream);
    BOOST_TEST(served.getStatus() == 200);
}

BOOST_AUTO_TEST_SUITE_END()
