// Turns a filled-in letter into A4 pages the way an agency letter looks:
// letterhead and date/reference block on page one, the recipient placed for
// the window of a C5/C4 window envelope (110 mm from the left, 50 mm from the
// top), "Sida 1 (2)" on every page, and a footer with the agency's addresses.
//
// Page breaks: a table row is never split (the header row is repeated on the
// next page), a heading is never left at the foot of a page without at least
// two lines of what follows, and a paragraph leaves no single line behind
// (orphan) or alone at the top of the next page (widow).
#pragma once

#include <string>
#include <vector>

#include "Letter.h"
#include "TrueTypeFont.h"

namespace grantflow::letters {

// Positions are in PDF points from the bottom-left corner of the page.
struct TextItem {
    double x = 0, y = 0;  // start of the baseline
    double size = 10;
    bool bold = false;
    double grey = 0;   // 0 black .. 1 white
    std::string text;  // UTF-8, no-break spaces already turned into spaces
};

struct Rule {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0, width = 0.5, grey = 0;
};

// Where the letterhead's logo goes (only page one has one).
struct ImagePlacement {
    double x = 0, y = 0, width = 0, height = 0;  // lower-left corner and size
};

struct Page {
    std::vector<TextItem> texts;  // in reading order
    std::vector<Rule> rules;
    std::vector<ImagePlacement> images;
};

class LetterLayout {
public:
    // `fallback`, when given, draws the characters the two fonts lack (LetterPdf).
    LetterLayout(const TrueTypeFont& regular, const TrueTypeFont& bold, const TrueTypeFont* fallback = nullptr)
        : _regular(regular), _bold(bold), _fallback(fallback) {}

    std::vector<Page> layOut(const Letter& letter) const;

    static constexpr double pageWidth = 595.276, pageHeight = 841.89;

private:
    const TrueTypeFont& _regular;
    const TrueTypeFont& _bold;
    const TrueTypeFont* _fallback;
};

}  // namespace grantflow::letters
