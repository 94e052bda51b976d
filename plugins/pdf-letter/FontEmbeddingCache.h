// Font subsets already prepared for embedding, shared between letters: most
// letters use the same characters of the same font, and subsetting and
// compressing a font is the largest part of writing a letter.
//
// Promises: safe to use from several threads at once; holds at most
// `capacity` subsets, dropping the least recently used one to make room; a
// subset is found only for the same font object, weight and exactly the same
// characters, so a letter never receives another letter's glyphs. Letters
// written with and without the cache are the same bytes.
#pragma once

#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "FontEmbedding.h"
#include "TrueTypeFont.h"

namespace grantflow::letters {

class FontEmbeddingCache {
public:
    explicit FontEmbeddingCache(std::size_t capacity);

    // The embedding of `characters` (ascending, each once) of `font`, built on
    // first use. The font must outlive the cache (it is told apart by its address).
    std::shared_ptr<const FontEmbedding> get(const TrueTypeFont& font, bool bold,
                                             const std::u32string& characters);

    std::size_t size() const;
    std::size_t capacity() const { return _capacity; }

private:
    using Key = std::tuple<const TrueTypeFont*, bool, std::u32string>;
    struct Entry {
        std::shared_ptr<const FontEmbedding> embedding;
        std::list<const Key*>::iterator recent;
    };

    const std::size_t _capacity;
    mutable std::mutex _mutex;
    std::map<Key, Entry> _entries;
    std::list<const Key*> _recent;  // most recently used first; points at _entries' keys
};

}  // namespace grantflow::letters
