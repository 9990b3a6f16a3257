#!/usr/bin/python3
"""Makes assets/fonts/ClienteleSans-{Regular,Bold}.otf from Noto Sans CJK KR.

The window's text must render whole in Hangul, Han, Kana and Latin whatever
fonts the PC has, so the program carries its own face. The full Pan-CJK font
is ~20 MB a weight; this keeps what an office book writes:

  * Latin, Latin-1, Latin Extended-A, general punctuation, currency symbols
    (₩ € ¥ £), arrows and the few symbols the screens draw;
  * every Hangul syllable (11,172) and the compatibility jamo;
  * Hiragana, Katakana, CJK symbols and punctuation, full-width forms;
  * the Han characters of KS X 1001 (Korean Hanja), GB 2312 (simplified
    Chinese), Big5 level 1 (common traditional Chinese) and JIS X 0208
    (Japanese): the characters company and person names are written in.

Input: the Debian package fonts-noto-cjk (NotoSansCJK-{Regular,Bold}.ttc,
face 1 = KR). The family is renamed "Clientele Sans" so that a full Noto
Sans CJK the OS may also have is never confused with this subset (the SIL
Open Font License 1.1 lets a subset be shipped; Noto reserves no name).

Run:  apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb x
      packaging/fonts/subset.py x/usr/share/fonts/opentype/noto assets/fonts
Needs python3-fonttools.
"""
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

FAMILY = "Clientele Sans"
KR_FACE = 1

RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x017F),  # Latin, Latin-1, Extended-A
    (0x02C6, 0x02DD), (0x0391, 0x03C9),  # spacing accents, Greek
    (0x0401, 0x044F),                    # Cyrillic (Noto CJK has it)
    (0x2000, 0x206F), (0x20A0, 0x20C0),  # punctuation, currency
    (0x2100, 0x215F), (0x2190, 0x21FF),  # letterlike, arrows
    (0x2200, 0x22FF), (0x2460, 0x24FF),  # math operators, circled numbers
    (0x2500, 0x25FF), (0x2600, 0x26FF),  # box drawing, shapes, misc symbols
    (0x2713, 0x2718),                    # check marks
    (0x3000, 0x303F), (0x3040, 0x309F), (0x30A0, 0x30FF),  # CJK punct, kana
    (0x3130, 0x318F), (0x3200, 0x33FF),  # compatibility jamo, enclosed CJK
    (0xAC00, 0xD7A3),                    # Hangul syllables
    (0xFF00, 0xFFEF),                    # full- and half-width forms
]

HAN_CODECS = ["euc_kr", "gb2312", "big5", "shift_jis"]

# Big5's second level (7,652 rarely written characters) would add ~2 MB a
# weight; its first level, the 5,401 common ones, ends at 0xC67E.
BIG5_COMMON_END = b"\xc6\x7e"

# Vertical writing and the other regions' glyph variants (locl) are not
# drawn by the window; keeping them doubles the glyph count.
DROPPED_FEATURES = {"locl", "vert", "vrt2", "vkrn", "vpal", "valt", "jalt"}


def han_characters():
    chars = set()
    for cp in range(0x4E00, 0xA000):
        ch = chr(cp)
        for codec in HAN_CODECS:
            try:
                encoded = ch.encode(codec)
            except UnicodeEncodeError:
                continue
            if codec == "big5" and encoded > BIG5_COMMON_END:
                continue
            chars.add(cp)
            break
    # CJK compatibility ideographs used by KS X 1001 Hanja readings.
    for cp in range(0xF900, 0xFB00):
        try:
            chr(cp).encode("euc_kr")
            chars.add(cp)
        except UnicodeEncodeError:
            pass
    return chars


def unicodes():
    wanted = set()
    for lo, hi in RANGES:
        wanted.update(range(lo, hi + 1))
    wanted |= han_characters()
    return sorted(wanted)


def rename(font, style):
    names = font["name"]
    full = f"{FAMILY} {style}" if style != "Regular" else FAMILY
    postscript = f"ClienteleSans-{style}"
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, value in [(1, FAMILY), (2, style), (3, postscript),
                           (4, full), (6, postscript)]:
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FamilyName = FAMILY
        top.FullName = full


def main():
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    codes = unicodes()
    for style in ["Regular", "Bold"]:
        collection = TTCollection(source / f"NotoSansCJK-{style}.ttc")
        font = collection.fonts[KR_FACE]
        options = subset.Options()
        options.layout_features = [
            f for f in options.layout_features if f not in DROPPED_FEATURES
        ]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.hinting = False
        options.desubroutinize = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codes)
        subsetter.subset(font)
        rename(font, style)
        out = target / f"ClienteleSans-{style}.otf"
        font.save(out)
        print(f"{out}: {out.stat().st_size} bytes, {font['maxp'].numGlyphs} glyphs")


if __name__ == "__main__":
    main()
