// grantflow serve as a program: it says where it listens, and on SIGTERM it
// finishes the request in flight before it exits 0.
#include "ApiTestServer.h"

#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NumberParser.h>

#include <csignal>
#include <sys/types.h>

using namespace grantflow::test;

namespace {

struct ServeProcess {
    TempDir dir;
    Poco::Pipe out;
    std::unique_ptr<Poco::ProcessHandle> handle;
    unsigned short port = 0;

    ServeProcess() {
        std::string users = dir.file("users.xml");
        grantflow::http::UserDirectory::setPassword(users, "admin", "admin-pass", {"administrator"});
        handle = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(
            GRANTFLOW_CLI,
            {"serve", "--port=0", "--db=" + dir.file("store.db"), "--users=" + users,
             "--set=http.tokenSecret=a long enough secret for the serve command test"},
            nullptr, &out, nullptr));
        Poco::PipeInputStream in(out);
        std::string line;
        std::getline(in, line);
        BOOST_REQUIRE_MESSAGE(line.rfind("listening on 127.0.0.1:", 0) == 0, "serve said: " << line);
        port = static_cast<unsigned short>(Poco::NumberParser::parse(line.substr(line.rfind(':') + 1)));
    }

    ~ServeProcess() {
        if (handle && Poco::Process::isRunning(*handle)) {
            ::kill(handle->id(), SIGKILL);
            handle->wait();
        }
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ServeCommand)

BOOST_AUTO_TEST_CASE(serve_prints_its_port_and_answers_there) {
    ServeProcess serve;
    Poco::Net::HTTPClientSession session("127.0.0.1", serve.port);
    Poco::Net::HTTPRequest request("GET", "/health", Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response);
    BOOST_TEST(response.getStatus() == 200);
}

// A setting out of range stops serve before it listens, naming the setting; Poco cut
// a port of 99999 to 16 bits and listened there, and stopped on an assertion for 0 threads.
BOOST_AUTO_TEST_CASE(a_setting_out_of_range_is_refused_by_name_before_serving) {
    TempDir dir;
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"--port=99999", "http.port must be a whole number from 0 to 65535, not '99999'"},
        {"--set=http.threads=0", "http.threads must be a whole number from 1 to 4096, not '0'"},
        {"--set=http.requestSeconds=soon", "http.requestSeconds must be a whole number from 1 to 86400, not 'soon'"},
    };
    for (const auto& [argument, message] : refused) {
        auto result = runCli({"serve", "--db=" + dir.file("store.db"), argument});
        BOOST_TEST(result.exitCode == 2, argument);  // a usage error
        BOOST_TEST(result.err.find(message) != std::string::npos, argument << ": " << result.err);
        BOOST_TEST(result.out.find("listening") == std::string::npos, argument);
    }
}

BOOST_AUTO_TEST_CASE(sigterm_lets_the_request_in_flight_finish_then_exits_0) {
    ServeProcess serve;
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", serve.port));
    std::string body = R"({"user":"admin","password":"admin-pass"})";
    std::string head = "POST /api/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    std::string first = head + body.substr(0, 10);
    socket.sendBytes(first.data(), static_cast<int>(first.size()));
    Poco::Thread::sleep(300);  // the handler is now reading the body
    ::kill(serve.handle->id(), SIGTERM);
    Poco::Thread::sleep(300);
    std::string rest = body.substr(10);
    socket.sendBytes(rest.data(), static_cast<int>(rest.size()));
    Poco::Net::SocketStream stream(socket);
    std::string status;
    std::getline(stream, status);
    BOOST_TEST(status.rfind("HTTP/1.1 200", 0) == 0, status);
    BOOST_TEST(serve.handle->wait() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
