//! The language of an article's text, so non-English articles are stored and marked rather
//! than mis-analysed. `whatlang` on a prefix of the text; only a reliable guess on enough
//! text counts, because a wrong "not English" would silently switch analysis off.

/// Characters of text needed before we trust a guess.
const MIN_CHARS: usize = 80;
/// Bytes of text looked at: language does not change halfway through an article, and the
/// detector's cost grows with its input.
const PREFIX_BYTES: usize = 3000;

/// ISO 639-1 code of the text's language, when the detector is confident.
pub fn detect_language(text: &str) -> Option<&'static str> {
    if text.chars().filter(|c| c.is_alphabetic()).take(MIN_CHARS).count() < MIN_CHARS {
        return None;
    }
    let prefix = &text[..sitrep_text::floor_char_boundary(text, PREFIX_BYTES)];
    let info = whatlang::detect(prefix)?;
    if !info.is_reliable() {
        return None;
    }
    iso639_1(info.lang().code())
}

/// ISO 639-3 (whatlang's codes) to ISO 639-1, for the languages whatlang knows.
fn iso639_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "epo" => "eo",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_confidently_or_not_at_all() {
        for (text, want) in [
            (
                "Iran launched a wave of missiles at northern Israel overnight, the military said on Saturday, hours after Israeli jets struck air defence sites near the capital.",
                Some("en"),
            ),
            (
                "L'Iran a lancé une vague de missiles sur le nord d'Israël dans la nuit, a indiqué l'armée samedi, quelques heures après des frappes israéliennes près de la capitale.",
                Some("fr"),
            ),
            (
                "ایران بامداد امروز موجی از موشک‌ها را به سوی شمال اسرائیل شلیک کرد و ارتش این کشور اعلام کرد که بیشتر آنها رهگیری شده‌اند و خسارت جانی گزارش نشده است.",
                Some("fa"),
            ),
            (
                "Иран ночью выпустил волну ракет по северу Израиля, сообщили в армии в субботу, через несколько часов после ударов израильской авиации по объектам ПВО.",
                Some("ru"),
            ),
            ("Strikes reported.", None),
        ] {
            assert_eq!(detect_language(text), want, "{text}");
        }
    }
}
