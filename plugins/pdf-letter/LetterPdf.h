// Writes laid-out letter pages as a PDF with PoDoFo:
// - DejaVu (or the configured fonts) embedded as per-letter subsets, CID fonts
//   with a ToUnicode map so every word can be copied and searched; a character
//   both lack (an emoji in a project's title) is drawn from the fallback font,
//   Symbola by default, embedded the same way when a letter needs it;
// - document info (title, author, subject with the reference number) and the
//   same in XMP metadata, an sRGB output intent, no encryption;
// - the same letter in gives the same bytes out: dates come from the letter,
//   never the clock, and the file identifier is derived from the info.
#pragma once

#include <string>
#include <vector>

#include "FontEmbeddingCache.h"
#include "LetterLayout.h"
#include "TrueTypeFont.h"

namespace grantflow::letters {

class LetterPdf {
public:
    // Subsets come from `fonts`, which must hold subsets of these fonts only.
    LetterPdf(const TrueTypeFont& regular, const TrueTypeFont& bold, FontEmbeddingCache& fonts,
              const TrueTypeFont* fallback = nullptr)
        : _regular(regular), _bold(bold), _fonts(fonts), _fallback(fallback) {}

    // The PDF bytes; throws Poco::Exception (PoDoFo errors are translated).
    std::string write(const Letter& letter, const std::vector<Page>& pages) const;

private:
    const TrueTypeFont& _regular;
    const TrueTypeFont& _bold;
    FontEmbeddingCache& _fonts;
    const TrueTypeFont* _fallback;
};

}  // namespace grantflow::letters
