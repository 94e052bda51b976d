#include "FlateCompress.h"

#include <Poco/Exception.h>
#include <zlib.h>

namespace grantflow::letters {

namespace {

// One zlib state per thread, reset between streams: setting up a fresh state
// for each of a letter's small streams costs more than compressing them.
class ThreadDeflater {
public:
    ThreadDeflater() {
        if (deflateInit(&_stream, 3) != Z_OK)
            throw Poco::RuntimeException("zlib could not be initialised");
    }
    ~ThreadDeflater() { deflateEnd(&_stream); }
    ThreadDeflater(const ThreadDeflater&) = delete;
    ThreadDeflater& operator=(const ThreadDeflater&) = delete;

    std::string compress(const std::string& data) {
        deflateReset(&_stream);
        std::string out(deflateBound(&_stream, data.size()), '\0');
        _stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        _stream.avail_in = static_cast<uInt>(data.size());
        _stream.next_out = reinterpret_cast<Bytef*>(&out[0]);
        _stream.avail_out = static_cast<uInt>(out.size());
        if (::deflate(&_stream, Z_FINISH) != Z_STREAM_END)
            throw Poco::RuntimeException("zlib could not compress");
        out.resize(_stream.total_out);
        return out;
    }

private:
    z_stream _stream{};
};

}  // namespace

std::string flateCompress(const std::string& data) {
    thread_local ThreadDeflater deflater;
    return deflater.compress(data);
}

}  // namespace grantflow::letters
