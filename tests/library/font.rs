//! The font the window carries (assets/fonts, `ui::theme::FONT_FILES`): it is the face the theme
//! names, in both weights, and it holds every character the screens write and the sample book's
//! names and addresses, so nothing draws as an empty box on a PC without CJK fonts.

use clientele::domain::sample::Generator;
use clientele::ui::theme::FONT_FILES;
use ttf_parser::Face;

fn faces() -> Vec<Face<'static>> {
    FONT_FILES.iter().map(|file| Face::parse(file, 0).expect("the carried font parses")).collect()
}

fn family(face: &Face<'_>) -> String {
    face.names()
        .into_iter()
        .filter(|name| name.name_id == ttf_parser::name_id::FAMILY)
        .find_map(|name| name.to_string())
        .unwrap_or_default()
}

fn missing(face: &Face<'_>, text: &str) -> Vec<char> {
    let mut missing: Vec<char> = text.chars().filter(|c| !c.is_control() && face.glyph_index(*c).is_none()).collect();
    missing.sort_unstable();
    missing.dedup();
    missing
}

#[test]
fn the_carried_faces_are_clientele_sans_regular_and_bold() {
    let faces = faces();
    assert_eq!(faces.len(), 2);
    for face in &faces {
        assert_eq!(family(face), "Clientele Sans");
    }
    assert_eq!(faces[0].weight().to_number(), 400);
    assert_eq!(faces[1].weight().to_number(), 700);
}

#[test]
fn names_in_every_script_render_whole_in_both_weights() {
    // Korean, simplified and traditional Chinese, Japanese (kana and kanji), Latin with accents,
    // and the currency signs a book may be kept in.
    let names = "(주)대진인테리어 한빛상사 뷁 广州百川设计有限公司 深圳市华强北电子 台灣精密機械股份有限公司 \
                 株式会社サクラ商事 ヤマダ電機 さくら Müller & Søn Ltd Café Åland Œuvre ₩ € ¥ £ $ 1,234.50";
    for face in faces() {
        assert_eq!(missing(&face, names), Vec::<char>::new());
    }
}

#[test]
fn the_sample_books_names_and_addresses_render_whole() {
    let generator = Generator::new(42);
    let mut text = String::new();
    for n in 0..2_000 {
        let customer = generator.customer(n);
        text.push_str(&customer.name);
        text.push_str(&customer.representative);
        text.push_str(&customer.billing_address.one_line());
        for contact in &customer.contacts {
            text.push_str(&contact.name);
            text.push_str(&contact.title);
        }
    }
    for face in faces() {
        assert_eq!(missing(&face, &text), Vec::<char>::new());
    }
}

#[test]
fn every_character_the_screens_write_is_in_the_font() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut text = String::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                // Comments are not drawn; everything else may be.
                for line in source.lines().filter(|l| !l.trim_start().starts_with("//")) {
                    text.push_str(line);
                }
            }
        }
    }
    assert!(text.contains("Save voucher"), "the screens' sources were read");
    for face in faces() {
        assert_eq!(missing(&face, &text), Vec::<char>::new());
    }
}
