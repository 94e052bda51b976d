// The font subset cache's promises: a subset is shared only between letters
// with exactly the same characters of the same font, the cache never grows
// past its capacity, and threads using it at once each get their own subset.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <thread>

#include "FontEmbeddingCache.h"

using namespace grantflow::letters;

namespace {

struct Fonts {
    TrueTypeFont regular = TrueTypeFont::load("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    TrueTypeFont bold = TrueTypeFont::load("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
};

// The characters of the text, ascending and each once, as the cache takes them.
std::u32string characters(const std::string& utf8) {
    std::u32string text = decodeUtf8(utf8);
    std::sort(text.begin(), text.end());
    text.erase(std::unique(text.begin(), text.end()), text.end());
    return text;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(FontEmbeddingCache_, Fonts)

BOOST_AUTO_TEST_CASE(the_same_characters_of_the_same_font_share_one_subset) {
    FontEmbeddingCache cache(8);
    auto first = cache.get(regular, false, characters("Amra Hodžić"));
    auto second = cache.get(regular, false, characters("Hodžić Amra"));
    BOOST_CHECK(first == second);
    BOOST_CHECK_EQUAL(cache.size(), 1u);
}

BOOST_AUTO_TEST_CASE(a_subset_is_never_lent_to_other_characters_or_another_font) {
    FontEmbeddingCache cache(8);
    auto bosnian = cache.get(regular, false, characters("Đorđe Šćekić"));
    auto polish = cache.get(regular, false, characters("Łukasz Żółć"));
    auto boldBosnian = cache.get(bold, true, characters("Đorđe Šćekić"));
    BOOST_CHECK(bosnian != polish);
    BOOST_CHECK(bosnian != boldBosnian);
    BOOST_CHECK_NE(bosnian->name(), polish->name());  // the tag follows the characters
    BOOST_CHECK_NE(polish->glyph(U'Ł'), 0);
    BOOST_CHECK_EQUAL(bosnian->glyph(U'Ł'), 0);
    BOOST_CHECK_NE(bosnian->glyph(U'đ'), 0);
    BOOST_CHECK_EQUAL(polish->glyph(U'đ'), 0);
    BOOST_CHECK(boldBosnian->bold());
}

BOOST_AUTO_TEST_CASE(characters_beyond_latin_have_their_glyphs_too) {
    FontEmbeddingCache cache(8);
    auto embedding = cache.get(regular, false, characters("a\u2013b\u2212c\u201d"));
    for (char32_t c : {U'a', U'\u2013', U'\u2212', U'\u201d'})
        BOOST_CHECK_NE(embedding->glyph(c), 0);
    for (char32_t c : {U'd', U'\u2022', U'\U0001F600'}) BOOST_CHECK_EQUAL(embedding->glyph(c), 0);
}

BOOST_AUTO_TEST_CASE(a_shared_subset_is_the_one_built_fresh) {
    FontEmbeddingCache cache(8);
    auto set = characters("Föreningen Bosnisk-Svenska Broar 2026");
    cache.get(regular, false, set);
    auto cached = cache.get(regular, false, set);
    FontEmbedding fresh(regular, false, set);
    BOOST_CHECK_EQUAL(cached->name(), fresh.name());
    BOOST_CHECK(cached->compressedFontFile() == fresh.compressedFontFile());
    BOOST_CHECK(cached->compressedToUnicode() == fresh.compressedToUnicode());
    BOOST_CHECK_EQUAL(cached->widthArray(), fresh.widthArray());
}

BOOST_AUTO_TEST_CASE(when_full_the_least_recently_used_subset_goes) {
    FontEmbeddingCache cache(2);
    auto a = cache.get(regular, false, characters("a"));
    auto b = cache.get(regular, false, characters("b"));
    BOOST_CHECK(cache.get(regular, false, characters("a")) == a);  // a is now the most recent
    cache.get(regular, false, characters("c"));                    // so b goes
    BOOST_CHECK_EQUAL(cache.size(), 2u);
    BOOST_CHECK(cache.get(regular, false, characters("a")) == a);
    BOOST_CHECK(cache.get(regular, false, characters("b")) != b);
    BOOST_CHECK_EQUAL(cache.size(), 2u);
}

BOOST_AUTO_TEST_CASE(a_cache_of_no_entries_builds_every_time) {
    FontEmbeddingCache cache(0);
    auto set = characters("abc");
    BOOST_CHECK(cache.get(regular, false, set) != cache.get(regular, false, set));
    BOOST_CHECK_EQUAL(cache.size(), 0u);
}

BOOST_AUTO_TEST_CASE(threads_using_it_at_once_each_get_their_own_characters) {
    FontEmbeddingCache cache(4);  // smaller than the sets used, so entries come and go
    const std::vector<std::string> names = {"Amra Hodžić",      "Đorđe Šćekić",       "Łukasz Żółć",
                                            "Zainab Al-Tamimi", "Hodan Abdi Warsame", "Åsa Öberg"};
    std::vector<std::thread> threads;
    std::vector<int> wrong(4, 0);
    for (std::size_t t = 0; t < wrong.size(); ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 200; ++round) {
                const std::string& name =
                    names[(t + static_cast<std::size_t>(round)) % names.size()];
                auto set = characters(name);
                auto embedding = cache.get(regular, false, set);
                for (char32_t c : set)
                    if (embedding->glyph(c) == 0) ++wrong[t];
                if (embedding->name() != FontEmbedding(regular, false, set).name()) ++wrong[t];
            }
        });
    for (auto& thread : threads) thread.join();
    for (int count : wrong) BOOST_CHECK_EQUAL(count, 0);
    BOOST_CHECK_LE(cache.size(), 4u);
}

BOOST_AUTO_TEST_SUITE_END()
