//! Page images for the review, drawn by hayro's rasterizer: the same PDF
//! stack as the parser, so that the picture and the extraction agree on
//! every coordinate (both apply the page's /Rotate and crop box the same way).

use crate::error::{Error, ErrorCode};
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_interpret::font::{FallbackFontQuery, FontData, FontQuery};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Dots per inch of the page images: 8 pt kanji come out about 17 px tall,
/// enough to tell 終了 from 継続 and to read a cell's text.
pub const DEFAULT_DPI: f64 = 150.0;

/// One rendered page.
#[derive(Debug, Clone)]
pub struct PageImage {
    /// 1-based page number.
    pub page: usize,
    /// The PNG file's bytes.
    pub png: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixels per point: page-model coordinates times this give pixels.
    pub scale: f64,
}

/// System CJK fonts, looked for at run time (never bundled): a gothic
/// (sans) and a mincho (serif) face with their collection index.
const GOTHIC: [(&str, u32); 4] = [
    ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf", 0),
    ("/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc", 0),
];
const MINCHO: [(&str, u32); 3] = [
    ("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 0),
    ("/usr/share/fonts/truetype/fonts-japanese-mincho.ttf", 0),
];

/// The first readable file of a list, read once per process.
fn load_first(
    cell: &'static OnceLock<Option<(FontData, u32)>>,
    list: &[(&str, u32)],
) -> Option<(FontData, u32)> {
    cell.get_or_init(|| {
        list.iter().find_map(|(p, i)| {
            std::fs::read(Path::new(p))
                .ok()
                .map(|d| (Arc::new(d) as FontData, *i))
        })
    })
    .clone()
}

static GOTHIC_FONT: OnceLock<Option<(FontData, u32)>> = OnceLock::new();
static MINCHO_FONT: OnceLock<Option<(FontData, u32)>> = OnceLock::new();

/// Whether a non-embedded font wants a serif (mincho) face.
fn wants_mincho(q: &FallbackFontQuery) -> bool {
    let name = [&q.post_script_name, &q.font_name, &q.font_family]
        .into_iter()
        .flatten()
        .map(|s| s.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    if name.contains("gothic") || name.contains("goth") || name.contains("sans") {
        return false;
    }
    q.is_serif || name.contains("mincho") || name.contains("min") || name.contains("serif")
}

/// Non-embedded CJK fonts (reportlab's HeiseiKakuGo-W5 with UniJIS-UCS2-H)
/// get a system font of the same style; everything else keeps hayro's
/// built-in standard fonts.
fn resolve(query: &FontQuery) -> Option<(FontData, u32)> {
    match query {
        FontQuery::Standard(s) => Some(s.get_font_data()),
        FontQuery::Fallback(f) => {
            if f.character_collection.is_some() {
                let cjk = if wants_mincho(f) {
                    load_first(&MINCHO_FONT, &MINCHO).or_else(|| load_first(&GOTHIC_FONT, &GOTHIC))
                } else {
                    load_first(&GOTHIC_FONT, &GOTHIC).or_else(|| load_first(&MINCHO_FONT, &MINCHO))
                };
                if cjk.is_some() {
                    return cjk;
                }
            }
            Some(f.pick_standard_font().get_font_data())
        }
    }
}

/// Renders every page of a PDF at `dpi` to PNG.
///
/// Opens the file as the parser does (empty password, then `password`), so
/// an encrypted file the extraction read is drawn too.
pub fn render_pages(
    bytes: &[u8],
    password: Option<&str>,
    dpi: f64,
) -> Result<Vec<PageImage>, Error> {
    let pdf = crate::pdf::open::open(bytes, password)?;
    let settings = InterpreterSettings {
        font_resolver: Arc::new(resolve),
        warning_sink: Arc::new(|_| {}),
        ..InterpreterSettings::default()
    };
    let scale = (dpi / 72.0).clamp(0.25, 8.0);
    let pixmap_settings = PixmapSettings {
        x_scale: scale as f32,
        y_scale: scale as f32,
        bg_color: WHITE,
    };
    let cache = RenderCache::new();
    let render_settings = RenderSettings::default();
    let mut out = Vec::new();
    for (i, page) in pdf.pages().iter().enumerate() {
        let (w, h) = page.render_dimensions();
        // A page too large for the rasterizer's 16-bit canvas is drawn smaller.
        let fit = (f64::from(u16::MAX - 1) / (f64::from(w.max(h)) * scale)).min(1.0);
        let s = scale * fit;
        let ps = PixmapSettings {
            x_scale: s as f32,
            y_scale: s as f32,
            ..pixmap_settings
        };
        let pixmap = hayro::render(page, &cache, &settings, &render_settings, &ps);
        let (width, height) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
        let png = pixmap.into_png().map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("page {} could not be encoded as PNG: {e}", i + 1),
            )
        })?;
        out.push(PageImage {
            page: i + 1,
            png,
            width,
            height,
            scale: s,
        });
    }
    Ok(out)
}
