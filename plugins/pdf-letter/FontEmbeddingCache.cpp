#include "FontEmbeddingCache.h"

namespace grantflow::letters {

FontEmbeddingCache::FontEmbeddingCache(std::size_t capacity) : _capacity(capacity) {}

std::shared_ptr<const FontEmbedding> FontEmbeddingCache::get(const TrueTypeFont& font, bool bold,
                                                             const std::u32string& characters) {
    Key key{&font, bold, characters};
    {
        std::lock_guard<std::mutex> guard(_mutex);
        auto found = _entries.find(key);
        if (found != _entries.end()) {
            _recent.splice(_recent.begin(), _recent, found->second.recent);
            return found->second.embedding;
        }
    }
    // Built outside the lock so other letters are not held up; when two threads
    // build the same subset at once, both results are equal and the first is kept.
    auto built = std::make_shared<const FontEmbedding>(font, bold, characters);
    if (_capacity == 0) return built;
    std::lock_guard<std::mutex> guard(_mutex);
    auto [at, inserted] = _entries.try_emplace(std::move(key), Entry{built, {}});
    if (!inserted) {
        _recent.splice(_recent.begin(), _recent, at->second.recent);
        return at->second.embedding;
    }
    _recent.push_front(&at->first);
    at->second.recent = _recent.begin();
    if (_entries.size() > _capacity) {
        _entries.erase(*_recent.back());
        _recent.pop_back();
    }
    return built;
}

std::size_t FontEmbeddingCache::size() const {
    std::lock_guard<std::mutex> guard(_mutex);
    return _entries.size();
}

}  // namespace grantflow::letters
