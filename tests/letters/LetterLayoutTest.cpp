// The layout's promises, checked on the positions it produces: nothing runs
// past the margins or out of the envelope window, however long the words.
#include <boost/test/unit_test.hpp>

#include "LetterLayout.h"

using namespace grantflow::letters;

namespace {

constexpr double mm = 72.0 / 25.4;

struct Fonts {
    TrueTypeFont regular = TrueTypeFont::load("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    TrueTypeFont bold = TrueTypeFont::load("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
};

Letter longLetter() {
    Letter letter;
    letter.type = "grant";
    letter.lang = "sv";
    letter.documentKind = "BESLUT";
    letter.title = "Beslut om projektstöd";
    letter.referenceNumber = "GF 2026-000001";
    letter.date = "24\u00A0november 2026";
    letter.letterhead = {
        "Migrationsverket", "Enheten", {{"Postadress", "601 70 Norrköping"}}, "Datum",
        "Diarienummer",     "Sida",   nullptr};
    letter.recipient = {
        "Föreningen för Återvandring och Samverkan mellan Bosnien och Hercegovina och Sverige "
        "(BiH-SE) Ideell Förening Västerås",
        "Att: Đorđe Šćekić-Hodžić-Abdulahović-Ljubičić-Kovačević-Mehmedbašić", "Storgatan 12",
        "721 30 Västerås"};
    for (int i = 0; i < 30; ++i) {
        Block paragraph;
        paragraph.spans = {
            {"Ett stycke med en mycket lång URL "
             "https://www.migrationsverket.example/aterv/projektstod/ansokan/beslut/"
             "GF-2026-000001/bilagor/budgetspecifikation-slutlig-version.pdf och text ",
             false},
            {"i fetstil", true},
            {" som fortsätter över flera rader tills stycket är slut.", false}};
        letter.blocks.push_back(paragraph);
    }
    return letter;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(LetterLayoutSuite, Fonts)

BOOST_AUTO_TEST_CASE(no_text_runs_past_the_margins_however_long_the_words) {
    LetterLayout layout(regular, bold);
    auto pages = layout.layOut(longLetter());
    BOOST_CHECK_GE(pages.size(), 3u);
    for (const auto& page : pages) {
        for (const auto& item : page.texts) {
            double right = item.x + (item.bold ? bold : regular).width(item.text, item.size);
            BOOST_CHECK_MESSAGE(
                item.x >= 25 * mm - 0.01 && right <= LetterLayout::pageWidth - 20 * mm + 0.5,
                "outside the margins: '" << item.text << "' from " << item.x << " to " << right);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_recipient_stays_inside_the_envelope_window) {
    LetterLayout layout(regular, bold);
    auto pages = layout.layOut(longLetter());
    int inWindow = 0;
    for (const auto& item : pages.front().texts) {
        double top = LetterLayout::pageHeight - item.y;
        if (item.x < 110 * mm - 0.01 || top < 50 * mm || top > 95 * mm) continue;
        ++inWindow;
        double right = item.x + regular.width(item.text, item.size);
        BOOST_CHECK_MESSAGE(right <= 110 * mm + 85 * mm + 0.5,
                            "wider than the window: " << item.text);
    }
    BOOST_CHECK_GE(inWindow, 6);  // the long name and contact wrapped onto more lines
}

BOOST_AUTO_TEST_CASE(every_page_says_which_page_of_how_many) {
    LetterLayout layout(regular, bold);
    auto pages = layout.layOut(longLetter());
    for (std::size_t p = 0; p < pages.size(); ++p) {
        std::string expected =
            "Sida " + std::to_string(p + 1) + " (" + std::to_string(pages.size()) + ")";
        bool found = false;
        for (const auto& item : pages[p].texts) found = found || item.text == expected;
        BOOST_CHECK_MESSAGE(found, "page " << p + 1 << " lacks '" << expected << "'");
    }
}

BOOST_AUTO_TEST_SUITE_END()
